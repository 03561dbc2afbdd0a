"""The LAKIP year as a cycle: next year's workbook from this year's, and the check against last year's report.

A room of its own above ``audit`` (it reads specs, workbooks and audits; the
report renders what it finds). What a table carries from one year to the next
is declared in the table specs (``TableSpec.carry``, ``Column.last_year``,
``Column.renstra``); nothing here names a column. docs/cycle.md.
"""

from lakip_xl.cycle.rollforward import RollForward, default_output, roll_forward
from lakip_xl.cycle.units import last_years
from lakip_xl.cycle.yearcheck import audit, compare_years

__all__ = ["RollForward", "audit", "compare_years", "default_output", "last_years", "roll_forward"]
