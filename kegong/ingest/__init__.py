"""Readers for each real source file, each turning a workbook into validated records."""
