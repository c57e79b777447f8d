"""Coding exercises: one folder per exercise (see docs/exercise-format.md).

Folder names use underscores (``softmax_stable``); the exercise's slug uses hyphens
(``softmax-stable``). ``tests.py`` and ``solution.py`` are read only by the judge process.
"""
