"""dlprep.data: small real datasets for the training labs, loaded offline from pip packages."""

from dlprep.data.vision import ImageSplit, data_dir, load_digits_split, load_mnist5000_split

__all__ = ["ImageSplit", "data_dir", "load_digits_split", "load_mnist5000_split"]
