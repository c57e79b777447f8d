"""dlprep.nn: deep-learning building blocks written from scratch in NumPy.

Every layer has ``forward`` and ``backward``; tests prove each against central
differences and against PyTorch as an oracle. NumPy is the only run-time dependency.
"""
