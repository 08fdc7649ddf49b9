"""Shared fixtures. The tests run on SQLite by default and on PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("KEGONG_DATA_DIR", tempfile.mkdtemp(prefix="kegong-test-"))
