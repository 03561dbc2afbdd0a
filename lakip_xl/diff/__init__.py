"""Revisions: two submissions of one unit's LAKIP compared (``lakip-xl diff``, docs/diff.md).

:func:`diff` audits both workbooks, matches every table's rows by what names
them (level, kode, label; a fixed row by its kode), lists the typed cells that
changed and the rows added or removed, and says which findings the revision
resolved, which are new and which are still open. Its renderings (console,
JSON, workbook) live in ``lakip_xl.report``.
"""

from lakip_xl.diff.engine import diff
from lakip_xl.diff.result import Change, DiffResult, TableCount
from lakip_xl.diff.side import FORMULA

__all__ = ["FORMULA", "Change", "DiffResult", "TableCount", "diff"]
