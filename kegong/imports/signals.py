"""What an import tells the apps that keep more of a file than its figures, without the imports knowing
them (the layering: kegong.imports may not import an app such as kegong.projects).

- ``file_written``: sent inside the import's transaction once a file's figures are written as a batch (not
  for a file imported before). Keywords: ``parsed`` (the read file, kegong.readers.common.ParsedFile, its
  records completed), ``batch_id`` and ``user``; ``sender`` is the file's source (``"project"`` …). A
  receiver writes what it keeps in the same transaction (a dry run rolls it back with the figures) and
  raises an IngestError to refuse the file (nothing is then written).
- ``batch_rolling_back``: sent inside the rollback's transaction. Keyword ``batch_id``; ``sender`` the
  batch's source. A receiver undoes what it wrote for that batch, or returns a Chinese sentence saying why
  the batch cannot be rolled back yet (the rollback is then refused with it, nothing undone)."""

from django.dispatch import Signal

file_written = Signal()
batch_rolling_back = Signal()
