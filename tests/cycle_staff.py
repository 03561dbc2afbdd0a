"""What staff do with a rolled-forward workbook: type this year's figures, save it, audit it against last year's.

Shared by the roll-forward and year-over-year tests (issue #20).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lakip_xl.io.interchange import from_json, to_json
from lakip_xl.io.reader import read_workbook
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.workbook import TableData, WorkbookData
from lakip_xl.tables import BY_ID

NOT_TYPED = ("identitas", "parameter")  # this year's Identitas is the rolled one (its year moved on)


def this_years_figures(rolled: Path, figures: WorkbookData) -> dict[str, Any]:
    """The rolled workbook as staff leave it once this year's figures are typed (JSON form).

    Each input cell the roll-forward left blank gets the figure of ``figures`` at the same row (the
    structure is the same); a value about last year is never typed: it is what the roll-forward carried.
    A table the roll-forward did not fill is typed whole.
    """
    rolled_data = read_workbook(rolled)  # as export reads it: formulas left to the sheet
    derived = Recomputer(figures, BY_ID)
    out: WorkbookData = {}
    for spec in BY_ID.values():
        if spec.id not in rolled_data or spec.id in NOT_TYPED:
            if spec.id in rolled_data:
                out[spec.id] = rolled_data[spec.id]
            continue
        mine, theirs = rolled_data[spec.id], figures.get(spec.id)
        if theirs is None:
            out[spec.id] = mine
            continue
        if not mine.rows:
            out[spec.id] = TableData(rows=[_inputs(derived, spec.id, i) for i in range(len(theirs.rows))])
            continue
        rows = []
        for i, row in enumerate(mine.rows):
            typed = dict(row)
            if i < len(theirs.rows):
                for key, value in _inputs(derived, spec.id, i).items():
                    col = spec.column(key) if key in spec.keys else None
                    restates = col is not None and col.last_year and not (spec.carry and spec.carry.years)
                    if key not in typed and not restates:
                        typed[key] = value
            rows.append(typed)
        out[spec.id] = TableData(rows=rows, source=theirs.source)
    doc: dict[str, Any] = json.loads(json.dumps(to_json(out)))
    return doc


def _inputs(rc: Recomputer, table_id: str, index: int) -> dict[str, Any]:
    """The cells of a row that staff type (derived ones are left to their formulas)."""
    row = rc.row(table_id, index)
    return {k: v for k, v in row.items() if v is not None and not rc.is_derived(table_id, index, k)}


def save(doc: dict[str, Any], path: Path, edit: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """Write the workbook a JSON document describes (after ``edit`` changes it), as a spreadsheet saves it."""
    if edit is not None:
        edit(doc)
    write_workbook(path, from_json(doc))
    return path


def row_of(doc: dict[str, Any], table_id: str, key: str, name: str) -> dict[str, Any]:
    """The row of a table whose ``key`` is ``name``."""
    return next(r for r in doc["tables"][table_id]["rows"] if r.get(key) == name)
