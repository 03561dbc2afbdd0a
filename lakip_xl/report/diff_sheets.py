"""The diff workbook's table sheets: each changed table, its rows matched, what changed marked.

A table sheet shows the new submission's rows in its order, a removed row where
it stood (struck through), an added row in green, a changed cell in orange with
the old value in its comment, and a formula's result in grey italics (it never
counts as a change). The first column says what happened to the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from lakip_xl.diff.result import Change, DiffResult, Pair
from lakip_xl.diff.side import FIXED_LABELS, FORMULA, Formula, Side
from lakip_xl.io.styles import row_height
from lakip_xl.model.layout import FIRST_DATA_ROW, HEADER_ROW, a1, quote_sheet
from lakip_xl.model.spec import Kind, TableSpec, Value
from lakip_xl.model.workbook import RowRef
from lakip_xl.report.page import setup_page
from lakip_xl.tables import BY_ID

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from lakip_xl.io.styles import Styles

RINGKASAN = "Ringkasan"
MARK = "Perubahan"
MARK_WIDTH = 10
CHANGED_FILL = "#F8CBAD"  # orange: a changed cell
ADDED_FILL = "#C6EFCE"  # green: a row added in the new submission
REMOVED_FILL = "#EDEDED"  # grey, struck through: a row the new submission no longer has
KIND_MARK = {"changed": "diubah", "added": "ditambah", "removed": "dihapus"}
LEGEND = (
    "Baris versi baru, urut seperti di berkas baru; baris yang dihapus tetap di tempatnya, dicoret. "
    "Jingga: sel isian yang diubah (nilai lama di komentarnya). Hijau: baris ditambahkan. "
    "Abu-abu miring: hasil rumus (tidak dihitung sebagai perubahan)."
)


class Formats:
    """Cell formats of the table sheets, by role and number format, made once."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self._cache: dict[tuple[str, str], Any] = {}

    def get(self, role: str, num_format: str) -> Any:
        """The format of a cell: role plain, formula, changed, added or removed."""
        key = (role, num_format)
        if key not in self._cache:
            props: dict[str, Any] = {
                "font_name": "Calibri",
                "font_size": 10,
                "valign": "top",
                "border": 1,
                "border_color": "#BFBFBF",
                "num_format": num_format,
            }
            if num_format == "@":
                props["text_wrap"] = True
            if role == "formula":
                props.update(italic=True, font_color="#7F7F7F")
            elif role == "changed":
                props.update(bg_color=CHANGED_FILL, border=2, border_color="#C65911")
            elif role == "added":
                props.update(bg_color=ADDED_FILL)
            elif role == "removed":
                props.update(bg_color=REMOVED_FILL, font_strikeout=True, font_color="#595959")
            self._cache[key] = self.wb.add_format(props)
        return self._cache[key]


def number_format(kind: Kind, value: Value) -> str:
    """The number format that shows ``value`` as typed (its own decimals; a year without separators)."""
    if isinstance(value, str) or value is None:
        return "@"
    if kind is Kind.YEAR:
        return "0"
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        return "#,##0" + ("." + "0" * places if places else "")
    return "#,##0;-#,##0"


def positions(result: DiffResult) -> dict[tuple[str, RowRef | None, RowRef | None], int]:
    """The 0-based row of each matched pair of rows on its table sheet of the diff workbook."""
    return {(t, i, j): FIRST_DATA_ROW + n for t, pairs in result.rows.items() for n, (i, j) in enumerate(pairs)}


def link_of(change: Change, rows: dict[tuple[str, RowRef | None, RowRef | None], int]) -> str:
    """The internal link to a change's cell (its row's mark for a whole row) on its table sheet."""
    spec = BY_ID[change.table_id]
    col = 0 if change.column is None else 1 + spec.col_index(change.column)
    return f"internal:{quote_sheet(spec.sheet)}!{a1(rows[(change.table_id, change.ref_old, change.ref_new)], col)}"


def write_table_sheet(wb: Any, st: Styles, fmts: Formats, result: DiffResult, table_id: str, unit: str) -> None:
    """One changed table: its rows matched, what changed marked."""
    spec = BY_ID[table_id]
    old, new = result.sides[table_id]
    pairs = result.rows[table_id]
    ws = wb.add_worksheet(spec.sheet)
    ws.write_string(0, 0, f"{spec.title}: perubahan", st.title)
    ws.write_string(1, 0, LEGEND, st.note)
    ws.write_url(2, 0, f"internal:{quote_sheet(RINGKASAN)}!A1", st.link, string="Kembali ke Ringkasan")
    ws.set_column(0, 0, MARK_WIDTH)
    ws.write_string(HEADER_ROW, 0, MARK, st.header)
    for c, col in enumerate(spec.columns, 1):
        ws.set_column(c, c, col.width)
        ws.write_string(HEADER_ROW, c, col.header, st.header)
    ws.set_row(HEADER_ROW, row_height(*((col.header, col.width) for col in spec.columns), (MARK, MARK_WIDTH)))
    by_pair: dict[Pair, list[Change]] = {}
    for change in result.changes:
        if change.table_id == table_id:
            by_pair.setdefault((change.ref_old, change.ref_new), []).append(change)
    for n, (i, j) in enumerate(pairs):
        _row(ws, fmts, spec, old, new, FIRST_DATA_ROW + n, i, j, by_pair.get((i, j), []))
    last = FIRST_DATA_ROW + max(len(pairs), 1) - 1
    ws.freeze_panes(HEADER_ROW + 1, 1)
    setup_page(ws, unit, HEADER_ROW, len(spec.columns), last)


def _row(
    ws: Worksheet,
    fmts: Formats,
    spec: TableSpec,
    old: Side,
    new: Side,
    r: int,
    i: RowRef | None,
    j: RowRef | None,
    changes: list[Change],
) -> None:
    """One row of a table sheet: the mark, then every cell of the version shown."""
    whole = next((c.kind for c in changes if c.column is None), None)
    changed = {c.column: c for c in changes if c.column is not None}
    side, ref = (old, i) if whole == "removed" else (new, j)
    base = "removed" if whole == "removed" else "added" if whole == "added" else "plain"
    mark = KIND_MARK[whole] if whole else ("diubah" if changed else "")
    mark_format = fmts.get(base if whole else "changed" if changed else "plain", "@")
    if mark:
        ws.write_string(r, 0, mark, mark_format)
    else:
        ws.write_blank(r, 0, None, mark_format)
    texts: list[tuple[str, float]] = []
    row = _values(side, ref)
    kode = (row or _values(old, i)).get("kode")
    for c, col in enumerate(spec.columns, 1):
        key = col.key
        state = side.state(ref, key)
        value: Value = row.get(key) if isinstance(state, Formula) else state  # a formula shows its result
        if spec.fixed_rows is not None and key in FIXED_LABELS:  # a fixed row's kode and label are the spec's
            value = str(kode) if key == "kode" else spec.fixed_row(str(kode)).label
        elif ref == "total" and spec.total is not None and key == spec.total.label_key:
            value = spec.total.label  # the Jumlah line's label is the spec's
        role = "changed" if key in changed else base if base != "plain" else "formula" if state is FORMULA else "plain"
        kind = spec.kind_at(row, key)
        fmt = fmts.get(role, number_format(kind, value))
        if value is None:
            ws.write_blank(r, c, None, fmt)
        elif isinstance(value, str):
            ws.write_string(r, c, value, fmt)
            texts.append((value, col.width))
        else:
            ws.write_number(r, c, float(value), fmt)
        if key in changed:
            ws.write_comment(r, c, _comment(changed[key]), {"author": "lakip-xl", "x_scale": 2.0, "y_scale": 1.2})
    if texts:
        ws.set_row(r, row_height(*texts))


def _values(side: Side, ref: RowRef | None) -> Mapping[str, Value]:
    """The values of a row as read (formula results included); empty for a row the side does not have."""
    if isinstance(ref, int):
        return side.rows[ref]
    return (side.tdata.total or {}) if ref == "total" else {}


def _comment(change: Change) -> str:
    from lakip_xl.report.diff_text import shown

    return (
        f"Lama: {shown(change.old, change.cell_kind)}\nBaru: {shown(change.new, change.cell_kind)}\n"
        f"Sel lama: {change.cell_old or '-'}\nSel baru: {change.cell_new or '-'}"
    )
