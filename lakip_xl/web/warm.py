"""Imported once by the fork server that starts every audit's process: a tiny audit fills the library's caches.

Each audit runs in a process forked from that server, so it starts with what
this import did: the libraries loaded and their per-process caches (the
template's tables, pandera's and the specs' lazily built pieces) filled, not
rebuilt by every upload.
"""

from __future__ import annotations

import contextlib
import tempfile
from decimal import Decimal
from pathlib import Path


def warm_up() -> None:
    """Audit a tiny workbook of our own, write its report, build every table's schema (failures leave caches cold).

    The tiny audit fills only its two tables' validation schemas; building the others here spares every
    audit's process building those of the tables its workbook fills (a few milliseconds an upload).
    """
    from lakip_xl.audit.engine import audit
    from lakip_xl.io.writer import write_workbook
    from lakip_xl.model.workbook import TableData
    from lakip_xl.report.build import write_report
    from lakip_xl.report.render import to_json

    data = {
        "identitas": TableData(rows=[{"kode": "unit", "nilai": "Pemanasan"}]),
        "tabel_1": TableData(rows=[{"uraian": "PNS", "jumlah": 1, "persentase": Decimal(100)}]),
    }
    with tempfile.TemporaryDirectory(prefix="lakip-web-") as folder, contextlib.suppress(Exception):
        path = Path(folder) / "pemanasan.xlsx"
        write_workbook(path, data)
        result = audit(path)
        to_json(result)
        write_report(result, Path(folder) / "pemanasan_laporan.xlsx")
    with contextlib.suppress(Exception):  # every table's schema, not only the tiny workbook's two
        from lakip_xl.audit.schemas import schema_for
        from lakip_xl.tables import BY_ID

        for table_id in BY_ID:
            schema_for(table_id)


warm_up()
