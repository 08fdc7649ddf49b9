"""Shared fixtures. The tests run on SQLite by default and on PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import os
import tempfile

# Always a data folder of this run's own (the SQLite test database lives in it): a folder inherited from the
# shell could be shared with another test run, which would delete the database under this one.
os.environ["KEGONG_DATA_DIR"] = tempfile.mkdtemp(prefix="kegong-test-")
