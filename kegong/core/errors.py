"""One error hierarchy for everything a user can cause or meet. Every message is Chinese.

The shells map the root to what their users see: the CLI prints ``错误：<message>`` on one line and exits
with 2, the web shows the message on the page. Nothing below the root is ever shown as a traceback.

- :class:`InputError` — a value, code, option or period the user gave is not valid;
- :class:`DataError` — the stored data cannot answer what was asked (no figures for a period, a batch
  that cannot be rolled back);
- :class:`SetupError` — the machine is missing something (a font, LibreOffice, a database, a setting);
- readers raise :class:`kegong.readers.errors.IngestError`, a ``KegongError`` carrying every place of a
  file that is wrong.
"""

from __future__ import annotations


class KegongError(Exception):
    """The root: an error with a message meant for the user (Chinese, no traceback)."""

    @property
    def message(self) -> str:
        return str(self)


class InputError(KegongError, ValueError):
    """Something the user gave (a value, a code, an option, a period) is not valid."""


class DataError(KegongError, ValueError):
    """The stored data cannot answer what was asked."""


class SetupError(KegongError, RuntimeError):
    """The machine or the configuration lacks something kegong needs."""
