"""The backup's errors: Chinese, one line (the CLI prints them as ``错误：…`` and exits with 2)."""

from __future__ import annotations

from kegong.core.errors import DataError, InputError, SetupError


class BackupError(DataError):
    """A backup or a restore that cannot be done, or a restore whose data do not match the archive."""


class ArchiveRefused(InputError):
    """An archive that is not a kegong backup, or whose files do not match its manifest."""


class ToolMissing(SetupError):
    """pg_dump / pg_restore not installed."""
