"""Backup and restore of a kegong installation: the database and the data folder's own files in one archive.

- :mod:`kegong.backup.manifest` — pure helpers: how a row is put into a table's checksum, the manifest, the
  comparison of checksums, the names and the retention of scheduled backups (no Django, no I/O);
- :mod:`kegong.backup.checksums` — every table's row count and sha256, read through Django's connection
  cursor in primary-key order (the same way for SQLite and PostgreSQL);
- :mod:`kegong.backup.snapshot` — a consistent copy of the database while the server runs (SQLite's online
  backup API; ``pg_dump --format=custom`` on an exported snapshot) and loading it back;
- :mod:`kegong.backup.archive` — the tar archive with its manifest and every member's sha256;
- :mod:`kegong.backup.service` — ``backup``, ``restore`` and the scheduled ``backup_to_dir``;
- :mod:`kegong.backup.permissions` — the data folder 0700, its files 0600, and the check for looser ones;
- :mod:`kegong.backup.uploads` — removing uploads that were checked but never imported.
"""
