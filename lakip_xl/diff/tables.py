"""One table of two submissions compared: rows matched (:mod:`lakip_xl.diff.align`), then their typed cells.

Only typed cells count: a formula whose result moved because an input moved is
no change, a typed value put over a formula (or a formula put back over one) is;
a formula and an empty cell are alike (neither holds a typed value).
Text that differs only in runs of white space is the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lakip_xl.diff.align import align
from lakip_xl.diff.result import Change, Pair
from lakip_xl.diff.side import FORMULA, Side, State, compared_keys
from lakip_xl.model.spec import TableSpec
from lakip_xl.model.workbook import RowRef


@dataclass
class TableDiff:
    """What changed in one table.

    Attributes:
        changes: Its changes, in display order.
        pairs: Its rows matched, in display order.
        old_ids: A row identity for each old row matched with a new row (a fixed row's kode, "total", or the
            pair's position); a finding on that row is "the same place" as one on the new row of that identity.
        new_ids: The same for the new rows.
    """

    changes: list[Change] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    old_ids: dict[RowRef, object] = field(default_factory=dict)
    new_ids: dict[RowRef, object] = field(default_factory=dict)


def same(a: State, b: State) -> bool:
    """True when two cell states are the same typed content (numbers by value, text by its words).

    A formula and an empty cell are the same: neither holds a typed value (a formula whose result is
    empty reads as empty where the file was saved with its results, as a formula where it was not).
    """
    if a is b or a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        return a.split() == b.split()
    return (a is None or a is FORMULA) and (b is None or b is FORMULA)


def compare_table(spec: TableSpec, old: Side, new: Side) -> TableDiff:
    """Match the rows of one table of two submissions and list what changed in their typed cells."""
    out = TableDiff()
    keys = compared_keys(spec)
    differ: dict[tuple[int | None, int | None], list[str]] = {}
    if spec.fixed_rows is not None:
        old_at = {str(row.get("kode")): i for i, row in enumerate(old.rows)}
        new_at = {str(row.get("kode")): j for j, row in enumerate(new.rows)}
        for fixed in spec.fixed_rows:
            i, j = old_at.get(fixed.key), new_at.get(fixed.key)
            if i is not None or j is not None:
                out.pairs.append((i, j))
            if i is not None:  # a fixed row is its kode, in either file (a finding there is matched by it)
                out.old_ids[i] = fixed.key
            if j is not None:
                out.new_ids[j] = fixed.key
    else:
        alignment = align(old.identities(), new.identities())
        out.pairs.extend(alignment.pairs)
        for i1, i2, j1, j2 in alignment.runs:
            for key in keys:
                a, b = old.column(key)[i1:i2], new.column(key)[j1:j2]
                if a == b:
                    continue
                for n, (x, y) in enumerate(zip(a, b, strict=True)):
                    if not same(x, y):
                        differ.setdefault((i1 + n, j1 + n), []).append(key)
        for i, j in alignment.loose:
            differ[(i, j)] = [k for k in keys if not same(old.state(i, k), new.state(j, k))]
        matched = [(i, j) for i, j in alignment.pairs if i is not None and j is not None]
        out.old_ids.update((i, n) for n, (i, _) in enumerate(matched))
        out.new_ids.update((j, n) for n, (_, j) in enumerate(matched))
    if spec.total is not None and (old.has_total or new.has_total):
        out.pairs.append(("total", "total"))
        out.old_ids["total"] = out.new_ids["total"] = "total"
    for ro, rn in out.pairs:
        if spec.fixed_rows is not None or ro == "total":  # a line of the form: compared cell by cell, even if absent
            found = [k for k in keys if not same(old.state(ro, k), new.state(rn, k))]
        elif ro is None or rn is None:
            found = []
        else:
            found = differ.get((int(ro), int(rn)), [])
            if not found:
                continue
        out.changes.extend(_changes(spec, old, new, ro, rn, found))
    return out


def _changes(
    spec: TableSpec, old: Side, new: Side, i: RowRef | None, j: RowRef | None, keys: list[str]
) -> list[Change]:
    """The changes of one pair of rows: a whole row added or removed, or its differing cells."""
    if spec.fixed_rows is None and i != "total" and (i is None or j is None):
        side, ref = (new, j) if i is None else (old, i)
        return [
            Change(
                "added" if i is None else "removed",
                spec.id,
                side.table(ref),
                side.sheet,
                side.label(ref),
                None,
                old.cell(i, None),
                new.cell(j, None),
                ref_old=i,
                ref_new=j,
                values=side.typed(int(ref)),  # type: ignore[arg-type]
            )
        ]
    shown, ref = (new, j) if j is not None else (old, i)
    row = shown.rows[ref] if isinstance(ref, int) else {}
    return [
        Change(
            "changed",
            spec.id,
            shown.table(ref),
            shown.sheet,
            shown.label(ref),
            key,
            old.cell(i, key),
            new.cell(j, key),
            old.state(i, key),
            new.state(j, key),
            i,
            j,
            cell_kind=spec.kind_at(row, key),
        )
        for key in keys
    ]
