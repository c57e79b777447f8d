"""Code that runs inside the sandbox, and the wire format both sides speak.

This folder, and only this folder of dlprep, is bound read-only into the sandbox at
``/opt/judge``: it must import nothing from dlprep (the package is not visible there).
"""
