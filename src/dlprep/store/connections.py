"""Reusable connections for long-running processes (the web app).

``db.connect`` opens, migrates and closes a connection per call, which costs 1-2 ms: fine for
the CLI, a large part of a web request. ``Connections`` keeps one open connection per thread
for a database file (the event loop's thread serves most requests), set up exactly like
``db.connect`` does and migrated once. Statements run in autocommit mode; a caller that needs
a transaction opens and closes it inside one ``with`` block, as with ``db.connect``.

``version()`` changes whenever this database changes: through this object (``touch``), or
through any other connection or process (SQLite's ``PRAGMA data_version``) — what the web
app keys its page cache on.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dlprep.store import db


class Connections:
    def __init__(self, path: Path | None = None):
        self.path = path or db.default_path()
        self._local = threading.local()
        self._writes = 0
        self._lock = threading.Lock()
        with db.connect(self.path):  # create and migrate once
            pass

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            db.migrate(conn)
            self._local.conn = conn
        before = conn.total_changes
        try:
            yield conn
        finally:
            if conn.in_transaction:  # a caller left one open (an exception mid-way): never leak it
                conn.execute("ROLLBACK")
            if conn.total_changes != before:
                self.touch()

    def touch(self) -> None:
        """Count a write made through this object."""
        with self._lock:
            self._writes += 1

    def version(self) -> tuple[int, int]:
        """(writes through this object, SQLite's data_version for writes by other connections)."""
        with self.connect() as conn:
            return self._writes, conn.execute("PRAGMA data_version").fetchone()[0]
