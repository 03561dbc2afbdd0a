"""Generate docs/tables.md (seed table -> sheet -> columns) from the specs.

Run ``python -m lakip_xl.docgen > docs/tables.md``; a test keeps it current.
"""

from __future__ import annotations

from lakip_xl.model.spec import TableSpec
from lakip_xl.tables import ALL


def _columns(spec: TableSpec) -> list[str]:
    lines = []
    for col in spec.columns:
        role = "derived" if col.derived else "input"
        if spec.hierarchy and col.key in spec.hierarchy.summed:
            role = "input on leaf rows; derived (sum of children) on parent rows"
        if spec.hierarchy and col.key in spec.hierarchy.averaged:
            own = "derived" if col.derived else "input"
            role = f"{own} on other rows; derived (mean of children, n/a and empty left out) on parent rows"
        for fixed in spec.fixed_rows or ():
            if col.key in fixed.formulas:
                role += f"; derived on row `{fixed.key}`"
        kind = f"{col.kind.value} or n/a" if spec.takes_not_measured and col.kind.is_number else col.kind.value
        lines.append(f"| `{col.key}` | {col.header} | {kind} | {role} |")
    return lines


def render() -> str:
    """The Markdown text of docs/tables.md."""
    out = [
        "# Tables: seed table -> sheet -> columns",
        "",
        "Generated from `lakip_xl/tables/` by `python -m lakip_xl.docgen`; do not edit by hand.",
        "Kinds: money = whole rupiah >= 0, money_signed = whole rupiah (ABT may be negative),",
        "count = whole number, year = a year shown as 2024 (Identitas; no thousands separator),",
        "percent = percent units (75 = 75 %), score = K3 score 30-90,",
        "nrr = SKM average 1-4, decimal = any number, text/enum = text (enum: a dropdown);",
        '"or n/a": not measured (typed n/a, tidak diukur, or - except in money and count columns, where - is 0);',
        "absent and n/a are never 0 (docs/json-format.md).",
        "",
        "| seed table | sheet | JSON key | content |",
        "|---|---|---|---|",
    ]
    out += [f"| {s.seed} | `{s.sheet}` | `{s.id}` | {s.description} |" for s in ALL]
    for spec in ALL:
        out += ["", f"## {spec.sheet} (`{spec.id}`, seed {spec.seed})", "", spec.title + ".", ""]
        if spec.fixed_rows:
            out.append("Fixed rows (`kode`): " + ", ".join(f"`{f.key}`" for f in spec.fixed_rows) + ".")
            out.append("")
        if spec.hierarchy:
            does = "sums" if spec.hierarchy.summed else "averages"
            if spec.hierarchy.summed and spec.hierarchy.averaged:
                does = "sums or averages"
            out.append(f"Levels: {' > '.join(spec.hierarchy.levels)}; a parent {does} its direct children.")
            out.append("")
        if spec.total:
            out.append(f"Line `{spec.total.label}` under the rows: " + ", ".join(f"`{k}`" for k in spec.total.computes))
            out.append("")
        out += ["| key | header | kind | role |", "|---|---|---|---|", *_columns(spec)]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
