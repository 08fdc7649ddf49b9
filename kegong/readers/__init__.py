"""Readers for each real source file, each turning a workbook into validated records.

``tables`` opens a file (after ``safety`` has checked what it really is: empty, not a workbook, a zip bomb)
into rows of cells; ``layout`` finds the header, title, unit and period; one reader per source turns the
rows into plain records (``tongji``, ``tax``, ``power``, ``project``, ``template``), collecting every hard
error with its file, sheet, row and column; ``detect`` tells the source from the headers. ``service`` is the
database side (complete the records from what is stored, write them through
``kegong.figures.services.write_records``); ``export`` writes tables back to .xlsx.
"""
