"""An xlsxwriter workbook whose worksheets skip the formula rewriting our formulas never need.

xlsxwriter rewrites every formula it stores (``Worksheet._prepare_formula``):
29 ``re.sub`` calls give Excel 365's dynamic-array functions their ``_xlfn.``
prefix (and, with ``use_future_functions``, a hundred more for the other
future functions). A report of 50,000 subkegiatan writes ~220,000 formulas,
none using such a function, and those substitutions were ~60 % of its time.

:class:`Book` uses xlsxwriter's public ``worksheet_class`` hook: its sheets
return a formula unchanged past the stock stripping of ``{``, ``=`` and ``}``
when it contains none of the texts the stock substitutions match, and hand
every other formula (and every call asking for the future functions) to the
stock method. The file written is byte-identical to the stock one
(``tests/test_book.py`` writes both and compares them).
"""

from __future__ import annotations

import re
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

# What the stock dynamic-array pass substitutes: ``\bNAME\(`` for each name, and ``\SINGLE\(`` (any
# non-space character, then ``INGLE(``), hence ``INGLE(`` here. A formula with none of these texts is
# unchanged by every substitution; one with any of them (even inside a string) takes the stock path.
DYNAMIC_FUNCTIONS = (
    "ANCHORARRAY", "BYCOL", "BYROW", "CHOOSECOLS", "CHOOSEROWS", "DROP", "EXPAND", "FILTER", "HSTACK",
    "LAMBDA", "MAKEARRAY", "MAP", "RANDARRAY", "REDUCE", "SCAN", "INGLE", "SEQUENCE", "SORT", "SORTBY",
    "SWITCH", "TAKE", "TEXTSPLIT", "TOCOL", "TOROW", "UNIQUE", "VSTACK", "WRAPCOLS", "WRAPROWS", "XLOOKUP",
)  # fmt: skip
_REWRITTEN = re.compile("|".join(re.escape(name + "(") for name in DYNAMIC_FUNCTIONS))


class LeanWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet that stores formulas without the stock regex pass when it would change nothing."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> Any:
        if expand_future_functions or self.use_future_functions or _REWRITTEN.search(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        # The stock method's own stripping of array braces and the leading =, in its order.
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula


class Book(xlsxwriter.Workbook):  # type: ignore[misc]
    """``xlsxwriter.Workbook`` whose worksheets are :class:`LeanWorksheet`."""

    worksheet_class = LeanWorksheet
