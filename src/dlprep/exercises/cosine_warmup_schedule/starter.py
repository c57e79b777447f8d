import math  # noqa: F401


def cosine_warmup_lr(step: int, base_lr: float, warmup_steps: int, total_steps: int, min_lr: float = 0.0) -> float:
    """Learning rate at ``step`` (0-based): linear warmup from 0 to ``base_lr`` over ``warmup_steps``,
    then cosine decay to ``min_lr`` at ``total_steps``, then ``min_lr``.
    """
    raise NotImplementedError
