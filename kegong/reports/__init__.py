"""Reports: Word documents (docxtpl templates) and their Markdown preview, built from the statistical core."""
