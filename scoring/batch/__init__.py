"""Batch mode for finance bureaus (DOMAIN.md §5): master data in, workbooks out, summary back.

:mod:`.master` reads and validates the master data file into the records of :mod:`.records`
(units and projects; no pandas, so the fill workers that receive them need none), :mod:`.fill` writes every unit's
workbooks, :mod:`.collect` re-scores the filled workbooks, :mod:`.summary` writes the summary
workbook and :mod:`.demo` generates the demo data. This package may import pandas; the pure
core (:mod:`scoring`) never imports it.
"""
