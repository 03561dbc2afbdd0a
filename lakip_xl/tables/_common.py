"""Building blocks shared by the table specs: columns and formula pairs.

Each helper returns an Excel formula template and its Python twin together,
so the two cannot drift apart without a test noticing (the LibreOffice
recalculation test compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal

from lakip_xl.model.gaps import additive
from lakip_xl.model.numbers import (
    NOT_MEASURED,
    NOT_MEASURED_MARKS,
    as_decimal,
    is_not_measured,
    ratio100,
    round_half_up,
    sum_values,
)
from lakip_xl.model.spec import CellRefs, Column, Compute, Formula, Kind, RowValues, TotalRow, Value

ARAH = ("naik", "turun")
RUMUS_TURUN_CHOICES = ("2*target-realisasi", "target/realisasi")
LEVEL_HELP = "Pilih tingkat baris: menentukan baris mana yang dijumlahkan."
SATUAN = ("Nilai", "Persen", "%", "Indeks", "Dokumen", "Laporan", "Orang", "Kegiatan", "Zona")
SUMBER_DANA = ("APBD", "APBDP", "DAK", "DAU", "BLUD", "Bankeu Provinsi", "Lainnya")


def text(key: str, header: str, width: float = 30, *, required: bool = False) -> Column:
    """A free-text input column."""
    return Column(key, header, Kind.TEXT, width=width, required=required)


def measured(key: str, header: str, kind: Kind = Kind.DECIMAL, width: float = 12) -> Column:
    """A measurement input column (target, realisasi, capaian): a number, or n/a when not measured."""
    return Column(key, header, kind, width=width, measure=True)


def enum(
    key: str, header: str, choices: tuple[str, ...], width: float = 14, help: str = "", *, strict: bool = True
) -> Column:
    """A dropdown input column; ``strict=False`` only warns on other values."""
    return Column(key, header, Kind.ENUM, choices=choices, width=width, help=help, strict=strict)


def derived(
    key: str,
    header: str,
    kind: Kind,
    pair: tuple[Formula, Compute],
    width: float = 12,
    *,
    measure: bool = False,
    basis: str = "",
    places: int = 2,
) -> Column:
    """A derived column from a (formula, compute) pair; ``measure``: n/a where its measurement is (capaian)."""
    formula, compute = pair
    return Column(
        key,
        header,
        kind,
        derived=True,
        formula=formula,
        compute=compute,
        width=width,
        measure=measure,
        basis=basis,
        places=places,
    )


def not_measured(*refs: str) -> str:
    """Excel test that a cell holds n/a, "-" or "tidak diukur" (any case, any spaces): the twin of is_not_measured."""
    return "OR(" + ",".join(f'LOWER(TRIM({ref}))="{mark}"' for ref in refs for mark in NOT_MEASURED_MARKS) + ")"


def percent_formula(num: str, den: str) -> str:
    """Excel for ``num / den * 100`` at 2 decimals (``num`` a cell of rupiah or counts, ``den`` a cell or a name).

    Empty when ``den`` is 0 or no number, and when ``num`` is empty or text (n/a, tidak diukur, a number
    typed as text): absent is not 0 %. A "-" in ``num`` is nihil, 0 %, as the reader takes it.
    """
    absent = f'{num}="",AND(ISTEXT({num}),TRIM({num})<>"-")'
    return f'IF(OR(N({den})=0,{absent}),"",ROUND(N({num})/{den}*100,2))'


def _percent(
    num: tuple[Callable[[CellRefs], str], Callable[[RowValues], Value]],
    den: tuple[Callable[[CellRefs], str], Callable[[RowValues], Value]],
) -> tuple[Formula, Compute]:
    """``num / den * 100``, 2 decimals, empty when ``den`` is 0: each side as (cell reference, value)."""

    def formula(r: CellRefs) -> str:
        return percent_formula(num[0](r), den[0](r))

    def compute(v: RowValues) -> Value:
        n, d = as_decimal(num[1](v)), as_decimal(den[1](v))
        return None if n is None or d is None else ratio100(n, d)

    return formula, compute


def _cell(key: str) -> tuple[Callable[[CellRefs], str], Callable[[RowValues], Value]]:
    return (lambda r: r.cell(key)), (lambda v: v.v(key))


def share_of_total(part: str) -> tuple[Formula, Compute]:
    """Row share of the Jumlah line: ``part / total * 100``, 2 decimals."""
    return _percent(_cell(part), ((lambda r: r.total(part)), (lambda v: v.total(part))))


def share_of_name(part: str, name: str) -> tuple[Formula, Compute]:
    """Row share of a named parameter cell: ``part / NAME * 100``."""
    return _percent(_cell(part), ((lambda r: name), (lambda v: v.param(name))))


def column_sum(key: str) -> tuple[Formula, Compute]:
    """Jumlah line: the sum of a column over the rows above it."""

    def formula(r: CellRefs) -> str:
        return f"SUM({r.span(key)})"

    def compute(v: RowValues) -> Value:
        return sum_values(v.column(key))

    return additive((formula, compute))


def row_sum(keys: tuple[str, ...]) -> tuple[Formula, Compute]:
    """Sum of several cells of the same row."""

    def formula(r: CellRefs) -> str:
        return "+".join(f"N({r.cell(k)})" for k in keys)

    def compute(v: RowValues) -> Value:
        return sum_values([v.v(k) for k in keys])

    return additive((formula, compute))


def filled(refs: Sequence[str]) -> str:
    """Excel: how many of the cells hold a number or "-" (nihil in rupiah and counts, 0 to N(), as the reader reads it).

    COUNT alone leaves "-" out as text; an empty cell and n/a count in neither.
    """
    return f"COUNT({','.join(refs)})" + "".join(f'+(TRIM({ref})="-")' for ref in refs)


def present_sum(keys: tuple[str, ...]) -> tuple[Formula, Compute]:
    """Sum of cells of rupiah or counts on one row, empty when none of them holds a number (absent is not zero)."""

    def formula(r: CellRefs) -> str:
        refs = [r.cell(k) for k in keys]
        return f'IF({filled(refs)}=0,"",' + "+".join(f"N({ref})" for ref in refs) + ")"

    def compute(v: RowValues) -> Value:
        values = [v.v(k) for k in keys]
        if not any(as_decimal(x) is not None for x in values):
            return None
        return sum_values(values)

    return additive((formula, compute))


def present_difference(minuend: str, subtrahend: str) -> tuple[Formula, Compute]:
    """``minuend - subtrahend`` of rupiah or counts on one row, empty unless both hold a number ("-" is 0)."""

    def formula(r: CellRefs) -> str:
        a, b = r.cell(minuend), r.cell(subtrahend)
        return f'IF({filled([a, b])}<2,"",N({a})-N({b}))'

    def compute(v: RowValues) -> Value:
        a, b = v.v(minuend), v.v(subtrahend)
        if isinstance(a, int) and isinstance(b, int):
            return a - b  # whole rupiah and counts: exact
        x, y = as_decimal(a), as_decimal(b)
        return None if x is None or y is None else x - y

    return formula, compute


def total_line(
    pairs: Mapping[str, tuple[Formula, Compute]], label: str = "Jumlah", label_key: str = "uraian"
) -> TotalRow:
    """A line under the rows whose cells are the (formula, compute) ``pairs`` by column key."""
    return TotalRow(
        label,
        label_key,
        formulas={key: pair[0] for key, pair in pairs.items()},
        computes={key: pair[1] for key, pair in pairs.items()},
    )


def ratio_percent(num: str, den: str) -> tuple[Formula, Compute]:
    """``num / den * 100`` on the same row, 2 decimals; empty when den is 0."""
    return _percent(_cell(num), _cell(den))


def capaian_value(target: Decimal | None, realisasi: Decimal | None, arah: Value, rumus: Value) -> Decimal | None:
    """Capaian % of an indicator, honouring its direction.

    Args:
        target: The target; None or 0 gives no capaian.
        realisasi: The realisation.
        arah: "naik" (higher is better, default) or "turun".
        rumus: The lower-is-better formula (a Parameter).

    Returns:
        The capaian, unrounded, or None.
    """
    if target is None or realisasi is None or target == 0:
        return None
    if arah == "turun":
        if rumus == "target/realisasi":
            return ratio100(target, realisasi)
        return ratio100(2 * target - realisasi, target)
    return ratio100(realisasi, target)


CAPAIAN_INPUTS: dict[Compute, tuple[str, str, str | None]] = {}
"""The (target, realisasi, arah) columns of every capaian compute: the audit asks which arah a typed capaian fits."""


def capaian(target: str, realisasi: str, arah: str | None) -> tuple[Formula, Compute]:
    """Capaian % with the indicator's direction and the RUMUS_TURUN parameter."""

    def formula(r: CellRefs) -> str:
        t, x = r.cell(target), r.cell(realisasi)
        up = f"ROUND({x}/{t}*100,2)"
        down = f'IF(RUMUS_TURUN="target/realisasi",IF(N({x})=0,"",ROUND({t}/{x}*100,2)),ROUND((2*{t}-{x})/{t}*100,2))'
        body = up if arah is None else f'IF({r.cell(arah)}="turun",{down},{up})'
        return f'IF({not_measured(t, x)},"{NOT_MEASURED}",IF(OR({t}="",{x}="",N({t})=0),"",{body}))'

    def compute(v: RowValues) -> Value:
        if is_not_measured(v.v(target)) or is_not_measured(v.v(realisasi)):
            return NOT_MEASURED
        direction = v.v(arah) if arah else "naik"
        rumus = v.param("RUMUS_TURUN") if direction == "turun" else None  # read only where it counts
        return capaian_value(as_decimal(v.v(target)), as_decimal(v.v(realisasi)), direction, rumus)

    CAPAIAN_INPUTS[compute] = (target, realisasi, arah)
    return formula, compute


def lookup_fixed(value_of: tuple[Formula, Compute], table_id: str, lower: str, result: str) -> tuple[Formula, Compute]:
    """LOOKUP of a value in an ascending parameter table of fixed rows.

    Mirrors Excel's LOOKUP: the last row whose lower bound is <= the value.
    """
    value_formula, value_compute = value_of

    def formula(r: CellRefs) -> str:
        inner = value_formula(r)
        lo, res = r.fixed_range(table_id, lower), r.fixed_range(table_id, result)
        return f'IF(ISNUMBER({inner}),LOOKUP({inner},{lo},{res}),"")'

    def compute(v: RowValues) -> Value:
        x = as_decimal(value_compute(v))
        if x is None:
            return None
        x = round_half_up(x)  # Excel's formula looks up ROUND(value, 2)
        found: Value = None
        for row in v.rows_of(table_id):
            lo = as_decimal(row.get(lower))
            if lo is not None and lo <= x:
                found = row.get(result)
        return found

    return formula, compute


OUTSIDE_SCALE = "di luar skala"
SCALE_ROWS = 50  # parameter rows a category formula looks at


def category(value_key: str, table_id: str, label: str) -> tuple[Formula, Compute]:
    """The category of a value in a scale of half-open intervals [batas_bawah, batas_atas).

    An empty bound is open-ended; a value in no interval is "di luar skala".
    The formula finds the scale row with SUMPRODUCT, which Excel and Calc
    both evaluate without array entry.
    """
    from lakip_xl.model.layout import FIRST_DATA_ROW

    def formula(r: CellRefs) -> str:
        x = r.cell(value_key)
        lab, lo, hi = (r.scale_range(table_id, k, SCALE_ROWS) for k in (label, "batas_bawah", "batas_atas"))
        found = f'SUMPRODUCT(({lab}<>"")*SIGN(({lo}="")+({x}>={lo}))*SIGN(({hi}="")+({x}<{hi}))*ROW({lab}))'
        whole = r.column_of(table_id, label)
        return f'IF(ISNUMBER({x}),IF({found}=0,"{OUTSIDE_SCALE}",INDEX({whole},{found})),"")'

    def compute(v: RowValues) -> Value:
        x = as_decimal(v.v(value_key))
        if x is None:
            return None
        rows = v.rows_of(table_id)[:SCALE_ROWS]
        found = 0
        for j, row in enumerate(rows):
            lo, hi = as_decimal(row.get("batas_bawah")), as_decimal(row.get("batas_atas"))
            if row.get(label) and (lo is None or x >= lo) and (hi is None or x < hi):
                found += FIRST_DATA_ROW + j + 1
        if found == 0:
            return OUTSIDE_SCALE
        j = found - FIRST_DATA_ROW - 1
        return rows[j].get(label) if 0 <= j < len(rows) else None

    return formula, compute


def kategori_capaian(value_key: str, header: str = "Kategori capaian") -> Column:
    """Report column: the capaian category of ``value_key`` (Skala Capaian)."""
    return derived(f"kategori_{value_key}", header, Kind.TEXT, category(value_key, "skala_capaian", "kategori"), 16)
