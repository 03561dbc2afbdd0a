"""LibreOffice's own format (issue #23): an .ods gives the findings its .xlsx gives, rule by rule and cell by cell.

The samples are converted by LibreOffice without recalculation (their cached
values are what is compared); a workbook edited through UNO as staff edit it
(an inserted row, a formula typed over, a number typed as text, a date in a
money cell) is stored both ways from the same document. The hostile .ods cases
are in tests/test_hostile.py.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lakip_xl.audit.engine import audit
from lakip_xl.cli import app
from lakip_xl.io.package import open_package
from lakip_xl.io.reader import read_workbook
from lakip_xl.report.render import to_json
from tests.conftest import ROOT
from tests.office import Job, UnoOffice

SAMPLES = sorted((ROOT / "samples").glob("*_20[0-9][0-9].xlsx"))
FILE_FIELDS = ("file", "sha256")


def _findings(path: Path) -> dict[str, Any]:
    """The audit's JSON without what names the file itself."""
    out: dict[str, Any] = json.loads(to_json(audit(path)))
    for key in FILE_FIELDS:
        out.pop(key, None)
    return out


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample converted to .ods by one LibreOffice run, its cached values kept (no recalculation)."""
    from tests.libreoffice import convert, soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("ods")
    profile = folder / "profile"
    return {src.stem: convert(src, folder / "out", "ods", profile, recalc=False) for src in SAMPLES}


def test_the_samples_are_there() -> None:
    assert {p.stem for p in SAMPLES} >= {"grobogan_2021", "mustikajaya_2024"}


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
def test_an_ods_sample_gives_the_findings_of_its_xlsx(converted: dict[str, Path], sample: str) -> None:
    ods = converted[sample]
    assert zipfile.ZipFile(ods).read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    xlsx = _findings(ROOT / "samples" / f"{sample}.xlsx")
    assert xlsx["findings"], "a sample without findings would prove nothing"
    assert _findings(ods) == xlsx


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
def test_an_ods_sample_reads_as_its_xlsx(converted: dict[str, Path], sample: str) -> None:
    """Export mode too (no cached formula values): every table's typed rows are equal."""
    xlsx = read_workbook(ROOT / "samples" / f"{sample}.xlsx", strict=False)
    ods = read_workbook(converted[sample], strict=False)
    assert set(ods) == set(xlsx)
    for table_id, table in xlsx.items():
        assert [dict(r) for r in ods[table_id].rows] == [dict(r) for r in table.rows], table_id
        po, px = ods[table_id].placement, table.placement
        assert po is not None and px is not None
        assert [po.cached.column(c) for c in range(64)] == [px.cached.column(c) for c in range(64)], table_id
        po.cached = px.cached  # a CellSet has no equality of its own
        assert po == px, table_id


def test_the_marks_of_an_ods_equal_those_of_its_xlsx(converted: dict[str, Path]) -> None:
    """Formulas, uncached formulas, merged cells and noted formats, sheet by sheet (cell names are sheet!A1)."""
    sample = "grobogan_2021"
    with open_package(ROOT / "samples" / f"{sample}.xlsx") as x, open_package(converted[sample]) as o:
        assert type(o).__name__ == "OdsPackage" and list(o.sheets) == list(x.sheets)
        for name in x.sheets:
            gx, go = x.grid(name), o.grid(name)
            assert go.formulas == gx.formulas, name
            assert go.uncached == gx.uncached, name
            assert go.errors == gx.errors, name
            assert sorted(go.merged) == sorted(gx.merged), name
            assert go.far == gx.far, name
            for key in gx.formats.keys() & go.formats.keys():
                assert ("%" in go.formats[key]) == ("%" in gx.formats[key]), (name, key)


def test_an_ods_named_xlsx_is_read_by_its_content(converted: dict[str, Path], tmp_path: Path) -> None:
    """The reader is picked by content, never by name (the web stores uploads as <sha256>.xlsx)."""
    misnamed = tmp_path / "kec.xlsx"
    misnamed.write_bytes(converted["mustikajaya_2024"].read_bytes())
    assert _findings(misnamed) == _findings(ROOT / "samples" / "mustikajaya_2024.xlsx")


def test_the_report_of_an_ods_is_an_xlsx_beside_it(converted: dict[str, Path], tmp_path: Path) -> None:
    kec = tmp_path / "kec.ods"
    kec.write_bytes(converted["mustikajaya_2024"].read_bytes())
    before = kec.read_bytes()
    result = CliRunner().invoke(app, ["audit", str(kec)])
    assert result.exit_code == 1, result.output
    report = tmp_path / "kec_laporan.xlsx"
    assert report.exists() and zipfile.ZipFile(report).read("[Content_Types].xml")
    assert kec.read_bytes() == before


def test_an_ods_and_an_xlsx_of_one_name_get_two_reports(converted: dict[str, Path], tmp_path: Path) -> None:
    """kec.xlsx keeps kec_laporan.xlsx; kec.ods beside it gets kec_ods_laporan.xlsx (never one over the other)."""
    (tmp_path / "kec.xlsx").write_bytes((ROOT / "samples" / "grobogan_2021.xlsx").read_bytes())
    (tmp_path / "kec.ods").write_bytes(converted["mustikajaya_2024"].read_bytes())
    result = CliRunner().invoke(app, ["audit", str(tmp_path)])
    assert result.exit_code == 1, result.output
    reports = {p.name: p for p in tmp_path.glob("*_laporan.xlsx")}
    assert set(reports) == {"kec_laporan.xlsx", "kec_ods_laporan.xlsx"}
    units = {n: zipfile.ZipFile(p).read("xl/worksheets/sheet2.xml") for n, p in reports.items()}
    assert units["kec_laporan.xlsx"] != units["kec_ods_laporan.xlsx"]


def test_rekap_takes_an_ods_from_a_folder(converted: dict[str, Path], tmp_path: Path) -> None:
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    (masuk / "grobogan.xlsx").write_bytes((ROOT / "samples" / "grobogan_2021.xlsx").read_bytes())
    (masuk / "mustikajaya.ods").write_bytes(converted["mustikajaya_2024"].read_bytes())
    out = tmp_path / "rekap.json"
    result = CliRunner().invoke(app, ["rekap", str(masuk), "-o", str(tmp_path / "r.xlsx"), "--json", str(out)])
    assert result.exit_code == 1, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(u["file"] for u in doc["units"]) == ["grobogan.xlsx", "mustikajaya.ods"] and doc["skipped"] == []
    assert {u["file"]: u["verdict"] for u in doc["units"]}["mustikajaya.ods"] == "ada galat"


def test_export_and_diff_read_an_ods(converted: dict[str, Path], tmp_path: Path) -> None:
    ods = converted["mustikajaya_2024"]
    exported = tmp_path / "isi.json"
    result = CliRunner().invoke(app, ["export", str(ods), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert json.loads(exported.read_text(encoding="utf-8"))["tables"]
    same = CliRunner().invoke(app, ["diff", str(ROOT / "samples" / "mustikajaya_2024.xlsx"), str(ods)])
    assert same.exit_code == 0, same.output


def test_the_web_checks_an_uploaded_ods(converted: dict[str, Path], tmp_path: Path) -> None:
    from tests.webtools import client, finished, upload

    ods = converted["mustikajaya_2024"]
    xlsx = _findings(ROOT / "samples" / "mustikajaya_2024.xlsx")
    with client(tmp_path / "web") as c:
        answer = c.post("/api/periksa", files={"berkas": ("kec.ods", ods.read_bytes(), "application/octet-stream")})
        sent = upload(c, ods, name="kec.ods")
        page = finished(c, sent.headers["location"])
        report = c.get(sent.headers["location"] + "/laporan.xlsx")
    assert answer.status_code == 200, answer.text
    doc = answer.json()
    assert doc["file"] == "kec.ods" and {k: v for k, v in doc.items() if k not in FILE_FIELDS} == xlsx
    assert page.status_code == 200 and "2.2.2 Anggaran Triwulan!E10" in page.text
    assert report.status_code == 200 and 'filename="kec_laporan.xlsx"' in report.headers["content-disposition"]


def test_next_year_from_an_ods_is_next_year_from_its_xlsx(converted: dict[str, Path], tmp_path: Path) -> None:
    """``template --dari`` and the page's next-year form take last year's workbook saved as .ods."""
    from lakip_xl.cycle import roll_forward
    from lakip_xl.io.reader import read_workbook
    from tests.webtools import client, finished, upload

    from_ods = roll_forward(converted["mustikajaya_2024"], tmp_path / "dari_ods.xlsx")
    roll_forward(ROOT / "samples" / "mustikajaya_2024.xlsx", tmp_path / "dari_xlsx.xlsx")
    a, b = read_workbook(tmp_path / "dari_ods.xlsx"), read_workbook(tmp_path / "dari_xlsx.xlsx")
    assert {k: list(t.rows) for k, t in a.items()} == {k: list(t.rows) for k, t in b.items()}
    with client(tmp_path / "web") as c:
        sent = upload(c, converted["mustikajaya_2024"], name="kec_2024.ods", action="/lanjutkan")
        page = finished(c, sent.headers["location"])
        download = c.get(sent.headers["location"] + "/berkas.xlsx")
    assert page.status_code == 200 and f"{from_ods.cells} sel diisi dari laporan 2024" in page.text
    assert 'filename="kec_2025.xlsx"' in download.headers["content-disposition"]


# A workbook edited as staff edit it in LibreOffice, stored as .ods and as .xlsx from the same document.
SHEET = "3.19 Realisasi BLPU"
EDITS: list[dict[str, Any]] = [
    {"op": "unprotect", "sheet": SHEET},
    {"op": "insert_rows", "sheet": SHEET, "row": 10, "count": 1},
    {"op": "copy_row", "sheet": SHEET, "from": 9, "to": 10},
    {"op": "set", "sheet": SHEET, "cell": "D10", "value": "Penyediaan Honorarium Tambahan"},
    {"op": "set", "sheet": SHEET, "cell": "E10", "value": 5_000_000},
    {"op": "set", "sheet": SHEET, "cell": "H10", "value": 4_500_000},
    {"op": "set", "sheet": SHEET, "cell": "G7", "value": 3_100_000},  # the Jumlah formula typed over, wrongly
    {"op": "set", "sheet": SHEET, "cell": "H13", "value": "95.040.000"},  # a number typed as text
    {"op": "date", "sheet": SHEET, "cell": "E15", "value": "2024-03-15"},  # a date in a money cell
]


@pytest.fixture(scope="module")
def staff_edited(uno_office: UnoOffice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample written from its data (formulas in every derived cell), edited, stored both ways."""
    from lakip_xl.io.interchange import load_json
    from lakip_xl.io.writer import write_workbook

    folder = tmp_path_factory.mktemp("ods_staff")
    src = folder / "isi.xlsx"
    write_workbook(src, load_json(ROOT / "samples" / "mustikajaya_2024.json"))
    out = {kind: folder / f"diedit.{kind}" for kind in ("ods", "xlsx")}
    uno_office.edit([Job(src, dst, EDITS) for dst in out.values()])
    return out


def test_a_workbook_edited_in_libreoffice_gives_the_same_findings_both_ways(staff_edited: dict[str, Path]) -> None:
    ods, xlsx = _findings(staff_edited["ods"]), _findings(staff_edited["xlsx"])
    named = {(f["sheet"], f["cell"]) for f in xlsx["findings"]}
    assert {(SHEET, "G7"), (SHEET, "E15")} <= named, "the edits must show in the findings"
    assert ods == xlsx


def test_a_number_typed_as_text_is_seen_in_the_ods(staff_edited: dict[str, Path]) -> None:
    """H13 typed as text: the reader notes it in both (the audit's causes name it)."""
    noted = {}
    for kind, path in staff_edited.items():
        place = read_workbook(path, cached=True, strict=False)["t3_19"].placement
        assert place is not None
        noted[kind] = place.as_text
    assert noted["ods"] == noted["xlsx"] and any(key == "realisasi" for _, key in noted["ods"])


def test_the_inserted_row_is_read_from_the_ods(staff_edited: dict[str, Path]) -> None:
    names = [r.get("uraian") for r in read_workbook(staff_edited["ods"], cached=True, strict=False)["t3_19"].rows]
    assert names[5] == "Penyediaan Honorarium Tambahan"


# Hostile .ods, built the way an attacker would (zipfile, by hand): each is one Indonesian line and exit 2.
MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
OFFICE_NS = (
    b'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
    b'<manifest:file-entry manifest:full-path="/" manifest:media-type="' + MIMETYPE + b'"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)
ENCRYPTED_MANIFEST = MANIFEST.replace(
    b'media-type="text/xml"/>',
    b'media-type="text/xml" manifest:size="900"><manifest:encryption-data manifest:checksum-type="SHA1/1K" '
    b'manifest:checksum="aGVsbG8="><manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
    b'manifest:initialisation-vector="aGVsbG8="/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
    b'manifest:iteration-count="1024" manifest:salt="aGVsbG8="/></manifest:encryption-data></manifest:file-entry>',
)


def _content(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content ' + OFFICE_NS + b' office:version="1.3">'
        b'<office:body><office:spreadsheet><table:table table:name="Identitas">' + rows + b"</table:table>"
        b"</office:spreadsheet></office:body></office:document-content>"
    )


TITLE_ROW = (
    b'<table:table-row><table:table-cell office:value-type="string"><text:p>Identitas</text:p>'
    b"</table:table-cell></table:table-row>"
)


def _ods(path: Path, **parts: bytes) -> Path:
    """An .ods package: mimetype first and stored, as ODF asks; ``parts`` replace or add members (b"" drops one)."""
    members = {"mimetype": MIMETYPE, "META-INF/manifest.xml": MANIFEST, "content.xml": _content(TITLE_ROW)}
    members.update({k.replace("__", "/").replace("_xml", ".xml").replace("_INF", "-INF"): v for k, v in parts.items()})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            if data:
                z.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return path


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol9 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
)


def _far_rows(count: int) -> bytes:
    """A row of data beyond the table area repeated ``count`` times: a few bytes for ``count`` far cells."""
    return TITLE_ROW + (
        b'<table:table-row table:number-rows-repeated="999999"><table:table-cell/></table:table-row>'
        b'<table:table-row table:number-rows-repeated="%d"><table:table-cell office:value-type="float" '
        b'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>' % count
    )


HOSTILE: list[tuple[str, Any, str]] = [
    ("zip bomb in content.xml", lambda p: _ods(p, content_xml=_content(b" " * (64 << 20))), "bom zip"),
    ("entity expansion in content.xml", lambda p: _ods(p, content_xml=LAUGHS + _content(b"&lol9;")), "entitas"),
    (
        "entity expansion past 4 KiB",
        lambda p: _ods(p, content_xml=b"<!--" + b" " * 5000 + b"-->" + LAUGHS[21:] + _content(b"&lol9;")),
        "entitas",
    ),
    ("entity expansion in styles.xml", lambda p: _ods(p, styles_xml=LAUGHS + b"<x>&lol9;</x>"), "entitas"),
    ("ODF encryption", lambda p: _ods(p, META_INF__manifest_xml=ENCRYPTED_MANIFEST), "terenkripsi"),
    ("no content.xml", lambda p: _ods(p, content_xml=b""), "tidak memuat bagian content.xml"),
    ("an .odt", lambda p: _ods(p, mimetype=b"application/vnd.oasis.opendocument.text"), ".odt"),
    ("broken content.xml", lambda p: _ods(p, content_xml=b"<office:document-content"), "tidak sah"),
    ("100,001 cells far away", lambda p: _ods(p, content_xml=_content(_far_rows(100_001))), "100.001 sel berisi"),
]


@pytest.mark.parametrize(("case", "make", "needle"), HOSTILE, ids=[c[0] for c in HOSTILE])
def test_a_hostile_ods_exits_2_with_one_line(tmp_path: Path, case: str, make: Any, needle: str) -> None:
    from tests.test_hostile import _audit

    target = make(tmp_path / "kec.ods")
    code, output = _audit(tmp_path, target)
    assert code == 2, output
    assert needle in output and "kec.ods" in output


def test_a_flat_fods_is_told_to_be_saved_as_ods_or_xlsx(tmp_path: Path) -> None:
    from tests.test_hostile import _audit

    flat = tmp_path / "kec.fods"
    flat.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n<office:document ' + OFFICE_NS + b"/>")
    code, output = _audit(tmp_path, flat)
    assert code == 2 and "simpan sebagai .ods atau .xlsx" in output and "kec.fods" in output


@pytest.mark.parametrize("plain", [True, False], ids=["expressions", "parser"])
@pytest.mark.parametrize("where", ["rows", "columns"])
def test_a_few_far_cells_are_read_as_data_outside_the_table(tmp_path: Path, plain: bool, where: str) -> None:
    """Three typed cells far away: noted (not a grid of a million rows or columns), the sheet still read."""
    from lakip_xl.io.package import open_package

    far_cell = b'<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
    if where == "rows":
        rows = _far_rows(3)
    else:  # beside the title: after 16,000 empty columns, three typed ones
        rows = TITLE_ROW.replace(
            b"</table:table-row>",
            b'<table:table-cell table:number-columns-repeated="16000"/>' + far_cell * 3 + b"</table:table-row>",
        )
    content = _content(rows)
    if not plain:
        content = content.replace(b"xmlns:calcext=", b"xmlns:calcext2=")  # not LibreOffice's form: the parser reads it
    with open_package(_ods(tmp_path / "kec.ods", content_xml=content)) as pkg:
        grid = pkg.grid("Identitas")
        if where == "rows":
            assert [(k >> 14, k & 0x3FFF) for k in grid.far] == [(1_000_000, 0), (1_000_001, 0), (1_000_002, 0)]
        else:
            assert [(k >> 14, k & 0x3FFF) for k in grid.far] == [(0, 16_001), (0, 16_002), (0, 16_003)]
        assert grid.value(0, 0) == "Identitas" and sum(1 for _ in grid.rows(0)) == 1


def test_bappeda_gets_an_ods_back_as_the_ods_it_was_sent(converted: dict[str, Path], tmp_path: Path) -> None:
    """A unit's .ods is kept by content and downloaded as .ods (its report stays .xlsx)."""
    from tests.test_web_bappeda import BEARER, MUSTIKAJAYA, _code, _send
    from tests.webtools import TOKEN, client

    ods = converted["mustikajaya_2024"]
    with client(tmp_path / "data", token=TOKEN) as c:
        status, _ = _send(c, _code(c, MUSTIKAJAYA), ods, name="kec.ods")
        original = c.get("/bappeda/kiriman/1/berkas.xlsx", headers=BEARER)
        report = c.get("/bappeda/kiriman/1/laporan.xlsx", headers=BEARER)
    assert status == 200
    assert original.content == ods.read_bytes() and 'filename="kec.ods"' in original.headers["content-disposition"]
    assert original.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert 'filename="kec_laporan.xlsx"' in report.headers["content-disposition"] and report.content[:2] == b"PK"


# content.xml is read by regular expressions when LibreOffice wrote it plainly, else by the XML parser.
def _marks_both_ways(path: Path) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    from lakip_xl.io.odsfast import fast_scan
    from lakip_xl.io.odsxml import Styles, read_styles, scan_content
    from lakip_xl.io.sheetxml import Area

    area = Area(200_000, 64)
    with zipfile.ZipFile(path) as z:
        fast_styles, parsed_styles = Styles(), Styles()
        for styles in (fast_styles, parsed_styles):
            with z.open("styles.xml") as fh:
                read_styles(fh, styles)
        with z.open("content.xml") as fh:
            fast = fast_scan(fh, fast_styles, area)
        parsed = scan_content(lambda: z.open("content.xml"), parsed_styles, area)
    return (None if fast is None else {n: vars(m) for n, m in fast.items()}), {n: vars(m) for n, m in parsed.items()}


@pytest.mark.parametrize("sample", [p.stem for p in SAMPLES])
def test_the_fast_reading_of_content_xml_equals_the_parsers(converted: dict[str, Path], sample: str) -> None:
    fast, parsed = _marks_both_ways(converted[sample])
    assert fast is not None, "LibreOffice's content.xml is plain: the fast reading must take it"
    assert any(m["formulas"] for m in parsed.values()) and any(m["formats"] for m in parsed.values())
    assert fast == parsed


def test_the_staff_edited_ods_reads_the_same_both_ways(staff_edited: dict[str, Path]) -> None:
    fast, parsed = _marks_both_ways(staff_edited["ods"])
    assert fast is not None and fast == parsed


def _rewritten(src: Path, dst: Path, change: Any) -> Path:
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            out.writestr(info, change(data) if info.filename == "content.xml" else data)
    return dst


@pytest.mark.parametrize(
    "change",
    [
        lambda x: x.replace(b"<office:body>", b"<!-- gesehen --><office:body>", 1),  # a comment
        lambda x: x.replace(b"<table:table-row ", b"<table:table-row\n "),  # a line break among attributes
        lambda x: x.replace(b"<table:table-cell ", b"<table:table-cell\t"),
    ],
    ids=["comment", "row tag broken", "tab in cell tags"],
)
def test_content_xml_written_otherwise_gives_the_same_findings(
    converted: dict[str, Path], tmp_path: Path, change: Any
) -> None:
    """A writer other than LibreOffice: the parser reads it, or the expressions read it the same."""
    src = converted["grobogan_2021"]
    other = _rewritten(src, tmp_path / "lain.ods", change)
    fast, parsed = _marks_both_ways(other)
    assert fast is None or fast == parsed
    assert _findings(other) == _findings(src)


def test_another_prefix_is_left_to_the_parser(converted: dict[str, Path], tmp_path: Path) -> None:
    """The expressions know LibreOffice's prefixes only; the parser reads any (python-calamine does not)."""
    src = converted["grobogan_2021"]
    other = _rewritten(
        src,
        tmp_path / "lain.ods",
        lambda x: (  # the namespace's URI kept (it holds "table:" too)
            x.replace(b"table:", b"tbl:")
            .replace(b"xmlns:tbl:1.0", b"xmlns:table:1.0")
            .replace(b"xmlns:table=", b"xmlns:tbl=")
        ),
    )
    fast, parsed = _marks_both_ways(other)
    assert fast is None and parsed == _marks_both_ways(src)[1]
