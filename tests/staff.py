"""Staff's edits of a hierarchy sheet, planned as UNO operations (tests/uno_driver.py).

A sheet is filled as a person fills the template: a name on every row the
template offers and the yellow inputs of every leaf row. Then groups are added
the two ways staff add them:

- ``petunjuk``: the Petunjuk's way: insert rows, copy a row of the same level
  onto each (its formulas come along and LibreOffice adjusts them), type over
  its yellow cells;
- ``naive``: insert empty rows and type everything: the level, the name and
  every number, the green ones too (the printed report has them).

A group of depth d is one row of that level followed by one row of each deeper
level, down to a leaf. Positions: ``above`` the first row of that level,
``between`` (before the last row of that level, where the template offers two)
and ``below`` (at the end of the table). The plan keeps a model of the sheet's
rows so each operation's row number is where the row really is by then.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lakip_xl.model.layout import FIRST_DATA_ROW, col_letter
from lakip_xl.model.numbers import round_half_up
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.spec import Kind, TableSpec, Value
from lakip_xl.model.workbook import TableData
from lakip_xl.tables import BY_ID

END = "end"  # the end mark or the Jumlah line: the model's last entry


def leaf_inputs(spec: TableSpec, k: int) -> dict[str, Value]:
    """The numbers staff type on leaf row number ``k`` (1, 2, ...): consistent, as a correct report holds them."""
    m = 1_000_000
    if spec.id == "t2_2_2":
        tws = [k * m * (i + 1) for i in range(4)]
        return {"pagu": sum(tws), "tw1": tws[0], "tw2": tws[1], "tw3": tws[2], "tw4": tws[3]}
    if spec.id in ("t3_19", "t3_20"):
        murni, abt = 10 * k * m, (-1) ** k * k * 100_000
        return {"murni": murni, "abt": abt, "realisasi": (murni + abt) * 9 // 10}
    if spec.id == "realisasi_anggaran":
        dpa = 10 * k * m
        return {"dpa": dpa, "anggaran": dpa + k * 100_000, "realisasi": dpa * 8 // 10, "fisik": 90}
    if spec.id == "pegawai_lp":
        return {"laki": k + 2, "perempuan": k + 1}
    if spec.id == "iku_tahunan":
        years = ("n4", "n3", "n2", "n1", "n")
        out: dict[str, Value] = {"satuan": "%", "target_akhir": 100}
        for i, y in enumerate(years):
            out[f"target_{y}"], out[f"realisasi_{y}"] = 80 + i, 70 + k + i
        return out
    if spec.id == "skm_layanan":
        out = {"responden": 40 + k}
        out.update({f"u{i}": Decimal(f"3.{(k + i) % 10}0") for i in range(1, 10)})
        return out
    raise KeyError(spec.id)


@dataclass
class Plan:
    """Rows of one sheet as they stand after each planned operation, and the operations."""

    spec: TableSpec
    levels: list[str]  # per data row, then END
    names: list[str]
    inputs: list[dict[str, Value]]
    naive: list[bool]
    ops: list[dict[str, Any]] = field(default_factory=list)
    leaves: int = 0
    codes: int = 0

    @classmethod
    def of_template(cls, spec: TableSpec, template_levels: list[str]) -> Plan:
        """The template's rows, each given a name, every leaf its numbers."""
        plan = cls(spec, [*template_levels, END], [], [], [False] * (len(template_levels) + 1))
        plan.ops.append({"op": "unprotect", "sheet": spec.sheet})
        for i, level in enumerate(template_levels):
            plan.names.append(f"{level} {i + 1}")
            plan.inputs.append(plan._new_inputs(level))
            plan._type_row(i)
        plan.names.append("")
        plan.inputs.append({})
        return plan

    @property
    def order(self) -> tuple[str, ...]:
        assert self.spec.hierarchy is not None
        return self.spec.hierarchy.levels

    def row(self, index: int) -> int:
        """1-based sheet row of model entry ``index``."""
        return FIRST_DATA_ROW + 1 + index

    def _new_inputs(self, level: str) -> dict[str, Value]:
        if level != self.order[-1]:
            return {}
        self.leaves += 1
        return leaf_inputs(self.spec, self.leaves)

    def _set(self, index: int, key: str, value: Value) -> None:
        cell = f"{col_letter(self.spec.col_index(key))}{self.row(index)}"
        typed: object = value
        if isinstance(value, Decimal):  # what a person types: the number as shown
            typed = float(value) if value != value.to_integral_value() else int(value)
        self.ops.append({"op": "set", "sheet": self.spec.sheet, "cell": cell, "value": typed})

    def _type_row(self, index: int) -> None:
        self._set(index, "uraian", self.names[index])
        if "kode" in self.spec.keys:
            self.codes += 1
            self._set(index, "kode", f"1.{self.codes:02}")
        for key, value in self.inputs[index].items():
            self._set(index, key, value)

    def add_group(self, depth: int, position: str, way: str) -> bool:
        """Plan a group of level ``depth`` at ``position`` the ``way`` staff add it; False where none fits."""
        level = self.order[depth]
        at = [i for i, lv in enumerate(self.levels) if lv == level]
        if not at:  # a level the template does not offer: one row of it above all, the rows below its children
            if position != "above" or any(self.order.index(lv) < depth for lv in self.levels[:-1]):
                return False
            return self._insert(0, [level], "naive")
        if position == "above":
            index = at[0]
        elif position == "between":
            if len(at) < 2:
                return False
            index = at[-1]
        else:
            index = len(self.levels) - 1
        return self._insert(index, list(self.order[depth:]), way)

    def _insert(self, index: int, chain: list[str], way: str) -> bool:
        """Rows of the levels of ``chain`` inserted at model entry ``index``, copied or typed."""
        new = range(index, index + len(chain))
        self.ops.append({"op": "insert_rows", "sheet": self.spec.sheet, "row": self.row(index), "count": len(chain)})
        for i, lv in zip(new, chain, strict=True):  # typed (naive) until a template row is copied onto it
            self.levels.insert(i, lv)
            self.names.insert(i, f"{lv} baru {len(self.names)}")
            self.inputs.insert(i, self._new_inputs(lv))
            self.naive.insert(i, True)
        for i, lv in zip(new, chain, strict=True):
            source = next((s for s, x in enumerate(self.levels) if x == lv and not self.naive[s]), None)
            if way == "petunjuk" and source is not None:  # a row holding the template's formulas
                self.ops.append(
                    {"op": "copy_row", "sheet": self.spec.sheet, "from": self.row(source), "to": self.row(i)}
                )
                self.naive[i] = False
            else:  # typed: the naive way, or a level no row of the sheet offers to copy
                self._set(i, self.spec.hierarchy.level_key, lv)  # type: ignore[union-attr]
            self._type_row(i)
        return True

    def table(self) -> TableData:
        """What the sheet holds once planned, as the reader would give it with every formula left out."""
        rows: list[dict[str, Value]] = []
        assert self.spec.hierarchy is not None
        for level, name, inputs in zip(self.levels[:-1], self.names[:-1], self.inputs[:-1], strict=True):
            rows.append({self.spec.hierarchy.level_key: level, "uraian": name, **inputs})
        return TableData(rows=rows)

    def finish(self, workbook: Mapping[str, TableData]) -> list[dict[str, Any]]:
        """The operations, with every green value typed on the naive rows (recomputed, rounded as shown).

        Args:
            workbook: The template's tables as read (its Parameter and scales feed a category such as mutu).
        """
        rc = Recomputer({**workbook, self.spec.id: self.table()}, BY_ID, ignore_recorded=True)
        for i, naive in enumerate(self.naive[:-1]):
            if naive:
                for key in sorted(rc.derived_keys(self.spec.id, i) & set(self.spec.keys)):
                    value = rc.shown(self.spec.id, i, key)
                    if value is not None:
                        self._set(i, key, _as_typed(self.spec, key, value))
        return self.ops


def _as_typed(spec: TableSpec, key: str, value: Value) -> Value:
    if isinstance(value, Decimal) and spec.column(key).kind is not Kind.TEXT:
        return round_half_up(value, spec.column(key).places)
    return value


def plans(spec: TableSpec, template_levels: list[str]) -> Iterator[tuple[str, Plan]]:
    """One plan per way: every depth's group added above, between and below, in one workbook."""
    for way in ("petunjuk", "naive"):
        plan = Plan.of_template(spec, template_levels)
        for depth in range(len(plan.order)):
            for position in ("above", "between", "below"):
                plan.add_group(depth, position, way)
        yield way, plan
