"""dlprep.labs: experiments that measure what the topics claim.

Every public module here is a lab (``dlprep lab list``); modules whose name starts with an
underscore are the framework (``_framework``, ``_plots``, ``_cli``). See docs/labs.md.
"""
