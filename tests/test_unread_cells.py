"""Nothing typed is dropped: data outside what the reader reads is a finding; a form line left as formulas is read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from lakip_xl.audit.engine import audit
from tests.helpers import build


def _edited(folder: Path, tables: dict[str, Any], edit: Callable[[openpyxl.Workbook], None]) -> Path:
    """A workbook filled from ``tables``, then edited and saved as a person's program would (no cached values)."""
    wb = openpyxl.load_workbook(build(folder, tables))
    edit(wb)
    path = folder / "edited.xlsx"
    wb.save(path)
    return path


def test_a_row_holding_only_a_link_to_another_workbook_is_named(tmp_path: Path) -> None:
    t4 = {"tabel_4": {"rows": [{"uraian": "Eselon IV.a", "jumlah": 1}, {"uraian": "Eselon IV.b", "jumlah": 2}]}}

    def link(wb: openpyxl.Workbook) -> None:
        ws = wb["T4 Eselon"]
        ws["A6"] = None
        ws["B6"] = "='[lain.xlsx]Sheet1'!A1"

    found = [f for f in audit(_edited(tmp_path, t4, link)).findings if f.rule == "SEL.EKSTERNAL"]
    assert [f.where.cell for f in found] == ["B6"]
