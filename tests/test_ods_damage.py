"""Random damage to an .ods of the sample never crashes the audit, and the audit is deterministic.

The counterpart of tests/test_damage.py for LibreOffice's format. The sample is
converted to .ods once (LibreOffice, cached values kept); its ``content.xml`` and
``styles.xml`` are then damaged as careless programs and people do: cells given
random value types and values (bogus types, NaN, huge numbers, impossible dates),
attributes removed, rows deleted, repeats and spans set to 0, negative or huge,
odd formulas, covered cells where none should be, sheets renamed or emptied,
styles.xml removed or its data styles broken. The audit must end with findings
(exit 0 or 1) or a clear refusal (a LakipError: one Indonesian line); anything
else fails, and so does a slow audit (huge repeats must stay cheap).

The byte-level damage of the zip itself (truncated, flipped, duplicated members)
is checked through the CLI at the end.
"""

from __future__ import annotations

import io
import os
import re
import struct
import tempfile
import time
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakip_xl.audit.engine import audit
from lakip_xl.model.errors import LakipError
from lakip_xl.report.render import to_document
from tests.conftest import ROOT

EXAMPLES = 300 if os.environ.get("CI") else 40
SLOW = 20.0  # seconds for one audit of a damaged sample (about 0.6 s undamaged): more is a hang
CELL = re.compile(rb"<table:(?:covered-)?table-cell\b[^>]*?(?:/>|>.*?</table:(?:covered-)?table-cell>)", re.S)
ROW = re.compile(rb"<table:table-row\b[^>]*?(?:/>|>.*?</table:table-row>)", re.S)
TABLE_START = re.compile(rb"<table:table\b[^>]*>")
TABLE_BODY = re.compile(rb"(<table:table\b[^>]*>)(.*?)(</table:table>)", re.S)
NAME = re.compile(rb'table:name="[^"]*"')
ATTR = re.compile(rb'\s[\w:.-]+="[^"]*"')
DATA_STYLE = re.compile(rb"<number:(?:number|percentage|currency|date|time)-style\b.*?</number:[\w-]+-style>", re.S)
NUMBER_ELEM = re.compile(rb"<number:number\b[^>]*/>")

TYPES = ["float", "percentage", "currency", "date", "time", "boolean", "string", "void", "FLOAT", "", "angka"]
VALUE_ATTR = {
    "date": "office:date-value",
    "time": "office:time-value",
    "boolean": "office:boolean-value",
    "string": "office:string-value",
}
VALUES = [
    "NaN", "nan", "inf", "-Infinity", "1e308", "1.7976931348623157e309", "-1e400", "5e-324", "-0", "",
    "9.974.700.000", "74,85", "0x10", "1_000", " 12 ", "2024-13-45", "2024-02-30T25:61:00", "0000-00-00",
    "-9999-01-01", "PT25H61M", "PT-1H", "P1Y", "true", "false", "TRUE", "1", "2", "#DIV/0!", "=1+1",
]  # fmt: skip
FORMULAS = [
    "of:=[.A1]+", "of:=", "=", "of:=[.A1048576]", "of:=SUM([.A1:.XFD1048576])", "of:=1/0",
    "of:=['file:///x.ods'#$Sheet1.A1]", "of:='file:///x.ods'#$Sheet1.A1", "of:=[$'Lembar tidak ada'.A1]",
    "msoxl:=A1+B1", "of:=#NAME?", "of:=\u00e9\u00e8 &lt; &amp;", "of:=" + "(" * 300,
]  # fmt: skip
COUNTS = ["0", "-1", "1", "2", "64", "65", "16384", "1048576", "2147483648", "99999999999999999999", "x", "", "1.5",
          "\u00b2", "\u0663"]  # fmt: skip


def _esc(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;").encode()


texts = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(VALUES),
)


@st.composite
def new_cell(draw: Any) -> bytes:
    """A cell as a careless writer might put it: any type, any value, maybe a formula, repeat or span."""
    kind = draw(st.sampled_from(TYPES))
    attrs = b""
    if kind != "" or draw(st.booleans()):
        attrs += b' office:value-type="' + kind.encode() + b'"'
    if draw(st.booleans()):
        value = draw(st.one_of(texts, st.floats().map(repr), st.integers(-(10**30), 10**30).map(str)))
        attrs += b" " + VALUE_ATTR.get(kind, "office:value").encode() + b'="' + _esc(value) + b'"'
    if draw(st.integers(0, 3)) == 0:
        attrs += b' calcext:value-type="error"'
    if draw(st.integers(0, 3)) == 0:
        attrs += b' table:formula="' + _esc(draw(st.sampled_from(FORMULAS))) + b'"'
    for extra in ("number-columns-repeated", "number-columns-spanned", "number-rows-spanned"):
        if draw(st.integers(0, 5)) == 0:
            attrs += b" table:" + extra.encode() + b'="' + _esc(draw(st.sampled_from(COUNTS))) + b'"'
    tag = b"table:covered-table-cell" if draw(st.integers(0, 5)) == 0 else b"table:table-cell"
    if draw(st.integers(0, 4)) == 0:
        return b"<" + tag + attrs + b"/>"
    return b"<" + tag + attrs + b"><text:p>" + _esc(draw(texts)) + b"</text:p></" + tag + b">"


Step = tuple[str, int, int, Any]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("cell"), st.integers(0, 10**6), st.integers(0, 10**6), new_cell()),
        st.tuples(st.just("cell"), st.integers(0, 10**6), st.integers(0, 10**6), new_cell()),
        st.tuples(st.just("strip"), st.integers(0, 10**6), st.integers(0, 10**6), st.just(None)),
        st.tuples(st.just("row"), st.integers(0, 10**6), st.integers(0, 10**6), st.just(None)),
        st.tuples(st.just("repeat"), st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(COUNTS)),
        st.tuples(st.just("rename"), st.integers(0, 50), st.just(0), st.text("abc XYZ'&<.019", max_size=12)),
        st.tuples(st.just("empty"), st.integers(0, 50), st.just(0), st.just(None)),
        st.tuples(st.just("styles"), st.integers(0, 10**6), st.integers(0, 4), st.sampled_from(COUNTS)),
    ),
    min_size=1,
    max_size=6,
)


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The members of the sample converted to .ods by LibreOffice (cached values kept), in their order."""
    from tests.libreoffice import convert, soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("ods_damage")
    ods = convert(ROOT / "samples" / "mustikajaya_2024.xlsx", folder / "out", "ods", folder / "profile", recalc=False)
    with zipfile.ZipFile(ods) as z:
        return {n: z.read(n) for n in z.namelist()}


def _pick(pattern: re.Pattern[bytes], data: bytes, index: int) -> re.Match[bytes] | None:
    matches = list(pattern.finditer(data))
    return matches[index % len(matches)] if matches else None


def _splice(data: bytes, m: re.Match[bytes], new: bytes) -> bytes:
    return data[: m.start()] + new + data[m.end() :]


def damage(parts: dict[str, bytes], plan: list[Step]) -> dict[str, bytes]:
    """Apply the steps to a copy of the parts (content.xml and styles.xml)."""
    out = dict(parts)
    for action, index, other, arg in plan:
        content = out["content.xml"]
        if action == "cell" and (m := _pick(CELL, content, index)):
            out["content.xml"] = _splice(content, m, arg)
        elif action == "strip" and (m := _pick(CELL if other % 2 else ROW, content, index)):
            tag = content[m.start() : content.find(b">", m.start()) + 1]
            attrs = list(ATTR.finditer(tag))
            if attrs:
                a = attrs[other % len(attrs)]
                out["content.xml"] = content[: m.start() + a.start()] + content[m.start() + a.end() :]
        elif action == "row" and (m := _pick(ROW, content, index)):
            out["content.xml"] = _splice(content, m, b"")
        elif action == "repeat" and (m := _pick(CELL if other % 2 else ROW, content, index)):
            attr = b"table:number-columns-repeated" if other % 2 else b"table:number-rows-repeated"
            tag_end = content.find(b">", m.start())
            closed = content[tag_end - 1 : tag_end] == b"/"
            at = tag_end - 1 if closed else tag_end
            head = re.sub(rb"\s" + attr + rb'="[^"]*"', b"", content[m.start() : at])
            new = head + b" " + attr + b'="' + _esc(arg) + b'"'
            out["content.xml"] = content[: m.start()] + new + content[at:]
        elif action == "rename" and (m := _pick(TABLE_START, content, index)):
            tag = NAME.sub(b'table:name="' + _esc(arg) + b'"', m.group(0), count=1)
            out["content.xml"] = _splice(content, m, tag)
        elif action == "empty" and (m := _pick(TABLE_BODY, content, index)):
            out["content.xml"] = _splice(content, m, m.group(1) + m.group(3))
        elif action == "styles":
            _break_styles(out, index, other, arg)
    return out


def _break_styles(out: dict[str, bytes], index: int, how: int, arg: str) -> None:
    """Remove styles.xml, or break one data style (of styles.xml or content.xml's automatic ones)."""
    if how == 0:
        out.pop("styles.xml", None)
        return
    part = "styles.xml" if index % 2 and "styles.xml" in out else "content.xml"
    data = out[part]
    m = _pick(DATA_STYLE, data, index // 2)
    if m is None:
        return
    style = m.group(0)
    if how == 1:  # decimals and grouping given nonsense
        style = re.sub(rb'number:decimal-places="[^"]*"', b'number:decimal-places="' + _esc(arg) + b'"', style)
        style = style.replace(b'number:grouping="true"', b'number:grouping="' + _esc(arg) + b'"')
    elif how == 2:  # its number element gone
        style = NUMBER_ELEM.sub(b"", style)
    elif how == 3:  # mapped to a style that is not there, or to itself
        name = re.search(rb'style:name="([^"]*)"', style)
        target = name.group(1) if name and arg.isdigit() else b"N-tidak-ada"
        style = style.replace(
            b">", b'><style:map style:condition="value()&gt;=0" style:apply-style-name="' + target + b'"/>', 1
        )
    else:  # turned into another kind of data style (a number style made a date style)
        style = re.sub(rb"(</?number:)[\w-]+-style\b", rb"\1date-style", style)
    out[part] = _splice(data, m, style)


def _write(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, method)
    return path


def _run(members: dict[str, bytes], folder: str) -> dict[str, object] | str:
    path = _write(Path(folder) / "rusak.ods", list(members.items()))
    start = time.monotonic()
    try:
        result = audit(path)
    except LakipError as exc:
        message = str(exc)
        assert "\n" not in message.strip(), message
        return f"exit 2: {message}"
    finally:
        assert time.monotonic() - start < SLOW, "the audit of a damaged .ods took too long"
    doc = to_document(result)
    assert result.exit_code in (0, 1)
    return doc


@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(plan=steps)
def test_random_damage_to_an_ods_never_crashes_and_is_deterministic(parts: dict[str, bytes], plan: list[Step]) -> None:
    members = damage(parts, plan)
    with tempfile.TemporaryDirectory() as folder:
        first = _run(members, folder)
        second = _run(members, folder)
    assert first == second


@pytest.mark.parametrize("places", ["x", "-1", "1.5", "", "99999999999999999999"])
def test_a_data_style_with_nonsense_decimals_is_read(parts: dict[str, bytes], tmp_path: Path, places: str) -> None:
    """number:decimal-places that is no count (or an absurd one) in styles.xml: the workbook is audited as usual."""
    styles = re.sub(rb'number:decimal-places="[^"]*"', b'number:decimal-places="' + places.encode() + b'"',
                    parts["styles.xml"])  # fmt: skip
    assert styles != parts["styles.xml"]
    outcome = _run({**parts, "styles.xml": styles}, str(tmp_path))
    assert isinstance(outcome, dict), outcome


def _not_plain(content: bytes) -> bytes:
    """content.xml as another writer might bind calcext: left to the XML parser (and to the clipping copy)."""
    return content.replace(b"xmlns:calcext=", b"xmlns:calcext2=", 1).replace(b"calcext:", b"calcext2:")


@pytest.mark.parametrize(
    "count", ["\u00b2", "\u0663", "\uff11\uff12"]
)  # superscript two, Arabic-Indic three, fullwidth 12
@pytest.mark.parametrize("attr", ["number-rows-repeated", "number-columns-repeated", "number-columns-spanned"])
def test_a_repeat_in_other_digits_is_no_count(parts: dict[str, bytes], tmp_path: Path, count: str, attr: str) -> None:
    """Digits Python's str.isdigit takes but a count is not written in: read as 1 by the parser and the clipping."""
    from lakip_xl.io.odsclip import clipped_content
    from lakip_xl.io.sheetxml import Area

    tag = b"<table:table-row" if "rows" in attr else b"<table:table-cell"
    written = re.sub(rb"\stable:" + attr.encode() + rb'="[^"]*"', b"", _not_plain(parts["content.xml"]))
    content = written.replace(tag + b" ", tag + b" table:" + attr.encode() + b'="' + count.encode() + b'" ')
    outcome = _run({**parts, "content.xml": content}, str(tmp_path))  # findings, or calamine's refusal in one line
    assert isinstance(outcome, dict) or "yang bukan bilangan bulat" in outcome, outcome
    name = re.search(rb'<table:table table:name="([^"]*)"', content)
    assert name is not None
    assert b"<table:table-row" in clipped_content(content, name.group(1).decode(), Area(200_000, 64))


FORMULA_CELL = (
    b'<table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"><text:p>2</text:p>'
    b"</table:table-cell>"
)
REPEATED = {  # one written row, one written cell: 199,000 x 64 cells once repeated (the sheet's table area holds them)
    "values": b'<table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>',
    "formulas": FORMULA_CELL,
    "error results": FORMULA_CELL.replace(b'office:value="2"', b'calcext:value-type="error"').replace(
        b"<text:p>2", b"<text:p>#DIV/0!"
    ),
    "merged cells": b'<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2"/>',
}


@pytest.mark.parametrize("plain", [True, False], ids=["expressions", "parser"])
@pytest.mark.parametrize("what", list(REPEATED))
def test_a_few_bytes_repeated_into_millions_of_cells_are_refused(
    parts: dict[str, bytes], tmp_path: Path, what: str, plain: bool
) -> None:
    """A row repeated 199,000 times of a cell repeated 64 times: refused at once, never gigabytes of marks."""
    import tracemalloc

    from lakip_xl.io.package import open_package

    cell = REPEATED[what].replace(b"<table:table-cell", b'<table:table-cell table:number-columns-repeated="64"', 1)
    row = b'<table:table-row table:number-rows-repeated="199000">' + cell + b"</table:table-row>"
    content = parts["content.xml"]
    first_row = content.find(b"</table:table-row>") + len(b"</table:table-row>")
    content = content[:first_row] + row + content[first_row:]
    path = _write(
        tmp_path / "kec.ods", list({**parts, "content.xml": content if plain else _not_plain(content)}.items())
    )
    tracemalloc.start()
    start = time.monotonic()
    try:
        with (
            pytest.raises(LakipError, match=r"^Lembar mengulang sel menjadi lebih dari 1\.000\.000 sel") as caught,
            open_package(path) as pkg,
        ):
            for name in pkg.sheets:
                pkg.grid(name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.sheet and time.monotonic() - start < 10
    assert peak < 400 << 20, f"{peak >> 20} MiB"


# Byte-level damage of the package itself, through the CLI: exit 2 and one line, never a traceback.
def _sample(parts: dict[str, bytes], path: Path, **changed: bytes) -> Path:
    members = [(n, changed.get(n.replace(".", "_"), d)) for n, d in parts.items()]
    return _write(path, members)


def _data_offset(data: bytes, member: str) -> tuple[int, int]:
    """Where a member's compressed bytes begin in the zip, and how many there are."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(member)
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[start + 26 : start + 30])
    return start + 30 + name_len + extra_len, info.compress_size


def _truncated(parts: dict[str, bytes], path: Path) -> Path:
    data = _sample(parts, path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _tail_cut(parts: dict[str, bytes], path: Path) -> Path:
    data = _sample(parts, path).read_bytes()
    path.write_bytes(data[:-30])  # the end of the central directory gone
    return path


def _flipped(member: str) -> Any:
    def make(parts: dict[str, bytes], path: Path) -> Path:
        data = bytearray(_sample(parts, path).read_bytes())
        start, size = _data_offset(bytes(data), member)
        data[start + size // 2] ^= 0x55
        path.write_bytes(bytes(data))
        return path

    return make


def _declared(change: int) -> Any:
    """content.xml's central directory entry says ``change`` bytes more than its data holds (its local header not)."""

    def make(parts: dict[str, bytes], path: Path) -> Path:
        data = bytearray(_sample(parts, path).read_bytes())
        at = data.find(b"PK\x01\x02")
        while at >= 0:
            name_len = struct.unpack("<H", data[at + 28 : at + 30])[0]
            if data[at + 46 : at + 46 + name_len] == b"content.xml":
                size = struct.unpack("<I", data[at + 24 : at + 28])[0]
                data[at + 24 : at + 28] = struct.pack("<I", size + change)
                break
            at = data.find(b"PK\x01\x02", at + 4)
        path.write_bytes(bytes(data))
        return path

    return make


def _twice(parts: dict[str, bytes], path: Path) -> Path:
    """Two content.xml: the second a sheet of other values (a reader taking either must not be trusted)."""
    other = parts["content.xml"].replace(b'office:value="', b'office:value="9')
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        return _write(path, [*parts.items(), ("content.xml", other)])


def _mimetype_last(parts: dict[str, bytes], path: Path) -> Path:
    members = [(n, d) for n, d in parts.items() if n != "mimetype"] + [("mimetype", parts["mimetype"])]
    return _write(path, members)


def _mimetype_compressed(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _zip_in_content(parts: dict[str, bytes], path: Path) -> Path:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("content.xml", parts["content.xml"])
    return _sample(parts, path, content_xml=inner.getvalue())


def _utf16(parts: dict[str, bytes], path: Path) -> Path:
    text = parts["content.xml"].decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    return _sample(parts, path, content_xml=text.encode("utf-16"))


BROKEN_ZIPS = {
    "truncated at half": (_truncated, "tidak utuh"),
    "end of the central directory cut": (_tail_cut, "tidak utuh"),
    "a byte flipped in content.xml's deflate stream": (_flipped("content.xml"), "content.xml"),
    "a byte flipped in styles.xml's deflate stream": (_flipped("styles.xml"), "styles.xml"),
    "a byte flipped in meta.xml's deflate stream": (_flipped("meta.xml"), "meta.xml"),
    "content.xml declared 1 MiB larger": (_declared(1 << 20), "content.xml"),
    "content.xml declared 1,000 bytes smaller": (_declared(-1000), "content.xml"),
    "content.xml twice": (_twice, "content.xml"),
    "content.xml in UTF-16": (_utf16, "content.xml tidak ditulis dalam UTF-8"),
    "content.xml a zip itself": (_zip_in_content, "content.xml"),
    "content.xml of 0 bytes": (lambda p, path: _sample(p, path, content_xml=b""), "content.xml"),
}


@pytest.mark.parametrize("case", list(BROKEN_ZIPS))
def test_a_broken_ods_package_exits_2_with_one_line(parts: dict[str, bytes], tmp_path: Path, case: str) -> None:
    from tests.test_hostile import _audit

    make, needle = BROKEN_ZIPS[case]
    target = make(parts, tmp_path / "kec.ods")
    code, output = _audit(tmp_path, target)
    assert code == 2, output
    assert "kec.ods" in output and needle in output and "tak terduga" not in output, output


def test_an_xlsx_with_a_part_twice_exits_2_with_one_line(tmp_path: Path) -> None:
    """The same guard for .xlsx (zipfile reads the last of two sheet1.xml, python-calamine may read the first)."""
    from tests.conftest import SAMPLE_XLSX
    from tests.test_hostile import _audit

    with zipfile.ZipFile(SAMPLE_XLSX) as z:
        members = [(n, z.read(n)) for n in z.namelist()]
    sheet = next(d for n, d in members if n == "xl/worksheets/sheet1.xml")
    target = tmp_path / "kec.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _write(target, [*members, ("xl/worksheets/sheet1.xml", sheet.replace(b"<v>", b"<v>9"))])
    code, output = _audit(tmp_path, target)
    assert code == 2 and "xl/worksheets/sheet1.xml" in output and "kec.xlsx" in output, output


@pytest.mark.parametrize("make", [_mimetype_last, _mimetype_compressed], ids=["mimetype last", "mimetype compressed"])
def test_an_ods_zipped_again_carelessly_gives_the_findings_of_the_original(
    parts: dict[str, bytes], tmp_path: Path, make: Any
) -> None:
    """The data intact, only ODF's packaging rule broken (as `zip -r` does): read as LibreOffice opens it."""
    from tests.test_hostile import _audit

    original = _sample(parts, tmp_path / "asli.ods")
    rezipped = make(parts, tmp_path / "kec.ods")
    with zipfile.ZipFile(rezipped) as z:
        first_member = z.infolist()[0]
        assert first_member.filename != "mimetype" or first_member.compress_type != zipfile.ZIP_STORED
    code, output = _audit(tmp_path, rezipped)
    assert code == 1, output
    findings = to_document(audit(rezipped))["findings"]
    assert findings and findings == to_document(audit(original))["findings"]


@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=4),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_random_bytes_of_the_package_damaged_never_crash(
    parts: dict[str, bytes], flips: list[tuple[float, int]], cut: float | None
) -> None:
    """Bytes flipped anywhere in the .ods (headers, deflate streams, the central directory), maybe cut short."""
    with tempfile.TemporaryDirectory() as folder:
        path = _sample(parts, Path(folder) / "rusak.ods")
        data = bytearray(path.read_bytes())
        for where, mask in flips:
            data[int(where * len(data))] ^= mask
        path.write_bytes(bytes(data[: int(cut * len(data))] if cut is not None else data))
        outcomes: list[object] = []
        for _ in range(2):
            try:
                outcomes.append(to_document(audit(path)))
            except LakipError as exc:
                assert "\n" not in str(exc).strip(), str(exc)
                outcomes.append(f"exit 2: {exc}")
    assert outcomes[0] == outcomes[1]


def _unique_number(parts: dict[str, bytes], tmp_path: Path) -> tuple[bytes, str, str]:
    """A whole number written once in content.xml, and its sheet and cell as python-calamine reads the intact file."""
    import python_calamine

    from lakip_xl.model.layout import a1

    counts: dict[bytes, int] = {}
    for v in re.findall(rb'office:value-type="float" office:value="([^"]+)"', parts["content.xml"]):
        counts[v] = counts.get(v, 0) + 1
    unique = next(v for v, n in counts.items() if n == 1 and v.isdigit() and int(v) > 1000)
    book = python_calamine.CalamineWorkbook.from_path(str(_sample(parts, tmp_path / "asli.ods")))
    where = [
        (name, a1(r, c))
        for name in book.sheet_names
        for r, line in enumerate(book.get_sheet_by_name(name).to_python())
        for c, value in enumerate(line)
        if value == float(unique)
    ]
    assert len(where) == 1, where
    return unique, where[0][0], where[0][1]


@pytest.mark.parametrize("plain", [True, False], ids=["expressions", "parser"])
@pytest.mark.parametrize("written", ["74,85", "9.974.700.000", "", "1_000", " 12 ", "2024-13-45", "1&#10;2"])
def test_a_value_that_is_no_number_is_named_by_its_cell(
    parts: dict[str, bytes], tmp_path: Path, written: str, plain: bool
) -> None:
    """office:value written by a careless program: python-calamine refuses the whole file; the line names the cell."""
    from tests.test_hostile import _audit

    content = parts["content.xml"]
    unique, sheet, cell = _unique_number(parts, tmp_path)
    damaged = content.replace(b'office:value="' + unique + b'"', b'office:value="' + written.encode() + b'"')
    target = _sample(parts, tmp_path / "kec.ods", content_xml=damaged if plain else _not_plain(damaged))
    code, output = _audit(tmp_path, target)
    assert code == 2, output
    assert f"lembar '{sheet}', sel {cell})" in output and "kec.ods" in output, output


@pytest.mark.parametrize("count", ["x", "-1", "", "1.5", "2²"])
@pytest.mark.parametrize("where", ["row", "cell"])
def test_a_repeat_that_is_no_count_is_named_by_its_cell(
    parts: dict[str, bytes], tmp_path: Path, count: str, where: str
) -> None:
    """A repeat python-calamine cannot read (it refuses the whole file): a row's named at its first cell."""
    from tests.test_hostile import _audit

    content = parts["content.xml"]
    unique, sheet, cell = _unique_number(parts, tmp_path)
    at = content.index(b'office:value="' + unique + b'"')
    attr = b"table:number-rows-repeated" if where == "row" else b"table:number-columns-repeated"
    tag = content.rindex(b"<table:table-row" if where == "row" else b"<table:table-cell", 0, at)
    end = content.index(b">", tag)
    head = re.sub(rb"\s" + attr + rb'="[^"]*"', b"", content[tag:end]).rstrip(b"/")
    closing = b"/" if content[end - 1 : end] == b"/" else b""
    damaged = content[:tag] + head + b" " + attr + b'="' + count.encode() + b'"' + closing + content[end:]
    code, output = _audit(tmp_path, _sample(parts, tmp_path / "kec.ods", content_xml=damaged))
    expected = re.sub(r"[A-Z]+", "A", cell) if where == "row" else cell
    assert code == 2, output
    assert f"lembar '{sheet}', sel {expected})" in output and "bukan bilangan bulat" in output, output


@pytest.mark.parametrize("plain", [True, False], ids=["expressions", "parser"])
def test_two_sheets_of_one_name_are_refused(parts: dict[str, bytes], tmp_path: Path, plain: bool) -> None:
    """A sheet renamed by hand to another's name: one of them would be read, the other lost silently."""
    from tests.test_hostile import _audit

    content = parts["content.xml"]
    names = re.findall(rb'<table:table table:name="([^"]*)"', content)
    copy_of, renamed = names[-1], names[-2]  # the last two sheets: every table sheet before them is read as usual
    damaged = content.replace(
        b'<table:table table:name="' + renamed + b'"', b'<table:table table:name="' + copy_of + b'"'
    )
    code, output = _audit(
        tmp_path, _sample(parts, tmp_path / "kec.ods", content_xml=damaged if plain else _not_plain(damaged))
    )
    assert code == 2, output
    assert f"'{copy_of.decode()}'" in output and "dua lembar" in output and "kec.ods" in output, output
