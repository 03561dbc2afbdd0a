"""Random damage to the sample never crashes the audit, and the audit is deterministic.

Damage is done on the package's XML, as a careless program or person would:
cells set to random values of random types (text, numbers, booleans, error
values, empty), rows deleted, sheets renamed. The audit must end with findings
(exit 0 or 1) or a clear refusal (exit 2, a LakipError); anything else fails.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakip_xl.audit.engine import audit
from lakip_xl.model.errors import LakipError
from lakip_xl.report.render import to_document
from tests.conftest import SAMPLE_XLSX

with zipfile.ZipFile(SAMPLE_XLSX) as _z:
    PARTS = {n: _z.read(n) for n in _z.namelist()}
SHEETS = sorted(n for n in PARTS if n.startswith("xl/worksheets/sheet"))
CELL = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)
ROW = re.compile(rb'<row r="\d+"[^>]*?(?:/>|>.*?</row>)', re.S)
SHEET_NAME = re.compile(rb'<sheet name="([^"]*)"')
EXAMPLES = 300 if os.environ.get("CI") else 60

values = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12).map(
        lambda t: ("s", t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    ),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(lambda f: ("n", repr(f))),
    st.integers(-(10**18), 10**18).map(lambda i: ("n", str(i))),
    st.sampled_from(["1e30", "-1e300", "1.7976931348623157e308", "5e-324", "-0"]).map(lambda v: ("n", v)),  # extremes
    st.sampled_from(["#REF!", "#DIV/0!", "#N/A", "#VALUE!"]).map(lambda e: ("e", e)),
    st.booleans().map(lambda b: ("b", "1" if b else "0")),
    st.sampled_from(["9.974.700.000", "74,85", "105,42 %", "Rp 1.500.000", "-", "NaN", "inf", "=1+1"]).map(
        lambda t: ("s", t)
    ),
    st.just(("empty", "")),
)


def _cell(ref: bytes, kind: str, value: str) -> bytes:
    data = value.encode()
    if kind == "s":
        return b'<c r="' + ref + b'" t="inlineStr"><is><t>' + data + b"</t></is></c>"
    if kind == "empty":
        return b'<c r="' + ref + b'"/>'
    return b'<c r="' + ref + b'" t="' + kind.encode() + b'"><v>' + data + b"</v></c>"


Mutation = tuple[str, int, int, str, str]  # (action, part, index, kind, value)

mutations = st.lists(
    st.tuples(
        st.sampled_from(["cell", "cell", "cell", "row", "rename"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        *[st.just("")] * 0,
        values.map(lambda kv: kv[0]),
        st.text("abcdefghij XYZ0123", min_size=1, max_size=20),
    ).flatmap(lambda t: values.map(lambda kv: (t[0], t[1], t[2], kv[0], kv[1] if t[0] != "rename" else t[4]))),
    min_size=1,
    max_size=6,
)


def damage(steps: list[Mutation]) -> dict[str, bytes]:
    """Apply the mutations to a copy of the sample's parts."""
    parts = dict(PARTS)
    for action, part, index, kind, value in steps:
        if action == "rename":
            names = SHEET_NAME.findall(parts["xl/workbook.xml"])
            old = names[part % len(names)]
            parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
                b'name="' + old + b'"', b'name="' + value.encode() + b'"', 1
            )
            continue
        sheet = SHEETS[part % len(SHEETS)]
        data = parts[sheet]
        matches = list((CELL if action == "cell" else ROW).finditer(data))
        if not matches:
            continue
        m = matches[index % len(matches)]
        replacement = _cell(m.group(1), kind, value) if action == "cell" else b""
        parts[sheet] = data[: m.start()] + replacement + data[m.end() :]
    return parts


def _run(parts: dict[str, bytes], folder: str) -> dict[str, object] | str:
    path = Path(folder) / "rusak.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    try:
        result = audit(path)
    except LakipError as exc:
        return f"exit 2: {exc}"
    doc = to_document(result)
    assert result.exit_code in (0, 1)
    return doc


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: the suite stays deterministic
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps=mutations)
def test_random_damage_never_crashes_and_is_deterministic(steps: list[Mutation]) -> None:
    parts = damage(steps)
    with tempfile.TemporaryDirectory() as folder:
        first = _run(parts, folder)
        second = _run(parts, folder)
    assert first == second
