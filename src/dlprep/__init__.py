"""dlprep: a deep-learning interview workbook that runs."""

__version__ = "0.1.0"
