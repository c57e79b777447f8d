"""The dlprep web app (``dlprep serve``): see ``dlprep.web.app.create_app`` and docs/web.md."""

from dlprep.web.app import create_app

__all__ = ["create_app"]
