"""Build small workbooks for rule tests and read back what the audit says."""

from __future__ import annotations

import functools
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from lakip_xl.audit.context import AuditResult
from lakip_xl.audit.engine import audit
from lakip_xl.audit.findings import Finding
from lakip_xl.io.interchange import from_json
from lakip_xl.io.writer import write_workbook
from lakip_xl.tables import BY_ID


def to_json_value(value: object) -> object:
    """A spec default as the JSON interchange writes it (decimals as strings)."""
    return str(value) if isinstance(value, Decimal) else value


IDENTITAS = {
    "rows": [
        {"kode": "unit", "nilai": "Kecamatan Uji"},
        {"kode": "tahun", "nilai": 2024},
        {"kode": "renstra_awal", "nilai": 2024},
        {"kode": "renstra_akhir", "nilai": 2026},
    ]
}


def build(folder: Path, tables: dict[str, Any], name: str = "wb.xlsx", *, required: str | None = "-") -> Path:
    """Write a workbook holding ``tables`` (JSON form); derived values absent stay formulas.

    Rule tests fill a table or two, so by default the workbook's Parameter says no table is
    required (``required="-"``); ``required=None`` keeps the template's default list.
    """
    tables = dict(tables)
    if required is not None:
        params = tables.get("parameter", {"rows": []})
        given = {r["kode"]: r for r in params["rows"]}
        rows = [  # the given rows, else the template's defaults, as a sheet without given rows holds them
            given.get(f.key, {"kode": f.key, "nilai": to_json_value(f.default)})
            for f in BY_ID["parameter"].fixed_rows or ()
            if f.key != "tabel_wajib" and (f.key in given or f.default is not None)
        ]
        tables["parameter"] = {**params, "rows": [*rows, {"kode": "tabel_wajib", "nilai": required}]}
    doc = {"format": "lakip-xl", "version": 1, "tables": {"identitas": IDENTITAS, **tables}}
    path = folder / name
    write_workbook(path, from_json(doc))
    return path


def run(folder: Path, tables: dict[str, Any]) -> AuditResult:
    """Build and audit; every IKU of 3.1 gets its analysis text unless the test gives 3.13/3.14."""
    if "t3_1" in tables and "analisis_penyebab" not in tables:
        rows = [{"indikator": r["indikator"], "keberhasilan": "Ada"} for r in tables["t3_1"]["rows"]]
        tables = {**tables, "analisis_penyebab": {"rows": rows}}
    return audit(build(folder, tables))


def rules(result: AuditResult) -> list[tuple[str, str, str | None]]:
    """(rule, severity, cell) of every finding."""
    return [(f.rule, f.severity.value, f.where.cell) for f in result.findings]


def codes(result: AuditResult) -> set[str]:
    """The rule codes found."""
    return {f.rule for f in result.findings}


def typed_over(folder: Path, tables: dict[str, Any], cells: dict[str, Any] | None = None) -> list[Finding]:
    """Build, type ``cells`` ("Sheet!A1": value) over it as a user would, audit: every finding but the cache note.

    The workbook is saved again by openpyxl, which keeps no cached formula values (SEL.TANPA_CACHE, left out).
    """
    path = build(folder, tables)
    if cells:
        import openpyxl

        wb = openpyxl.load_workbook(path)
        for ref, value in cells.items():
            sheet, cell = ref.split("!")
            wb[sheet][cell] = value
        wb.save(path)
    return [f for f in audit(path).findings if f.rule != "SEL.TANPA_CACHE"]


def cli_round_trip(source: Path, folder: Path) -> tuple[str, dict[str, Any], list[Any]]:
    """``lakip-xl fill`` then ``export`` of a JSON sample: the exported text, the sample as a workbook holds it
    (without the transcription notes, which live only in the JSON), and those notes, one per table."""
    import json

    from typer.testing import CliRunner

    from lakip_xl.cli import app

    runner = CliRunner()
    wb, back = folder / "wb.xlsx", folder / "back.json"
    assert runner.invoke(app, ["fill", str(source), "-o", str(wb)]).exit_code == 0
    assert runner.invoke(app, ["export", str(wb), "-o", str(back)]).exit_code == 0
    held = json.loads(source.read_text(encoding="utf-8"))
    notes = [body.pop("transcription", None) for body in held["tables"].values()]
    return back.read_text(encoding="utf-8"), held, notes


def distinct_copy(source: Path, target: Path, tag: object) -> Path:
    """A copy of the workbook ``source`` with other bytes (its zip comment names ``tag``), the same workbook inside.

    Byte-identical files are one submission to the rekap (docs/rekap.md); this is the same unit sent again
    with other bytes, as a revision is (several units: :func:`unit_copy`).
    """
    shutil.copyfile(source, target)
    with zipfile.ZipFile(target, "a") as zf:
        zf.comment = f"salinan {tag}".encode()
    return target


@functools.lru_cache(maxsize=32)
def _unit_name(source: str) -> str:
    from lakip_xl.io.reader import read_workbook

    rows = read_workbook(Path(source))["identitas"].rows
    return next(str(r.get("nilai")) for r in rows if r.get("kode") == "unit")


def unit_copy(source: Path, target: Path, tag: object) -> Path:
    """A copy of the workbook ``source`` as another unit's: its Identitas unit name followed by ``tag``.

    One unit and year is one row of the rekap (its latest file counts, docs/rekap.md): tests that need several
    units of the same content make them other units this way (their bytes differ too).
    """
    from xml.sax.saxutils import escape

    name = escape(_unit_name(str(source)))
    old, new = f"<t>{name}</t>".encode(), f"<t>{name} {tag}</t>".encode()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                assert old in data, f"{source}: its unit name is no shared string"
                data = data.replace(old, new)
            dst.writestr(info, data)
    return target
