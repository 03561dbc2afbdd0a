"""Rule codes of derived cells: made from each spec's table id, column and row kind, never listed by hand."""

from __future__ import annotations

from collections.abc import Mapping

from lakip_xl.model.spec import TableSpec, Value
from lakip_xl.model.workbook import RowRef


def derived_rule(spec: TableSpec, row: Mapping[str, Value], ref: RowRef, key: str) -> tuple[str, str]:
    """Rule code and Indonesian description of a derived cell."""
    column = spec.column(key)
    header = f"kolom '{column.header}'"
    prefix = spec.id.upper()
    if ref == "total":
        label = spec.total.label if spec.total else "Jumlah"
        return f"{prefix}.{key.upper()}.JUMLAH", f"baris {label}, {header}"
    if spec.fixed_rows is not None:
        kode = str(row.get("kode"))
        fixed = next(f for f in spec.fixed_rows if f.key == kode)
        if key in fixed.formulas:
            return f"{prefix}.{kode.upper()}.{key.upper()}", f"baris '{fixed.label}', {header}"
    hier = spec.hierarchy
    if hier is not None and key in hier.summed and spec.is_derived_at(row, key):
        return f"{prefix}.{key.upper()}.INDUK", f"{header}, baris {row.get(hier.level_key)} = jumlah baris di bawahnya"
    if hier is not None and key in hier.averaged and spec.is_parent(row.get(hier.level_key)):
        level = row.get(hier.level_key)
        return f"{prefix}.{key.upper()}.RATA", f"{header}, baris {level} = rata-rata baris di bawahnya (tanpa n/a)"
    return f"{prefix}.{key.upper()}", header + (f" ({column.basis})" if column.basis else "")
