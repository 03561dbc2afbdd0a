"""Properties: a correct workbook raises nothing; changing one input raises something."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakip_xl.audit.engine import audit
from lakip_xl.io.interchange import from_json, to_json
from lakip_xl.io.writer import write_workbook
from lakip_xl.model.recompute import Recomputer
from lakip_xl.model.workbook import TableData, WorkbookData
from lakip_xl.tables import BY_ID
from tests.helpers import to_json_value

NAMES = st.text("abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=12).map(str.strip).filter(lambda s: len(s) > 2)
MONEY = st.integers(0, 10**10)


@st.composite
def budget(draw: st.DrawFn) -> dict[str, Any]:
    rows: list[dict[str, Any]] = [{"level": "Unit", "uraian": "Unit"}]
    for p in range(draw(st.integers(1, 2))):
        rows.append({"level": "Program", "uraian": f"Program {p}"})
        for k in range(draw(st.integers(1, 2))):
            rows.append({"level": "Kegiatan", "uraian": f"Kegiatan {p}.{k}"})
            for s in range(draw(st.integers(1, 3))):
                tws = [draw(MONEY) for _ in range(4)]
                rows.append({"level": "Sub Kegiatan", "uraian": f"Sub {p}.{k}.{s} {draw(NAMES)}", "pagu": sum(tws),
                             **{f"tw{i + 1}": v for i, v in enumerate(tws)}})  # fmt: skip
    return {"rows": rows}


MEASURE = st.one_of(st.just("n/a"), st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2).map(str))
NRR = st.one_of(st.just("n/a"), st.decimals(min_value=1, max_value=4, places=3).map(str))


@st.composite
def iku_tahunan(draw: st.DrawFn) -> dict[str, Any]:
    """Sasaran rows, each with indicators whose targets and realisasi may be n/a or empty, for N-4 .. N."""
    keys = [f"{kind}_{y}" for y in ("n4", "n3", "n2", "n1", "n") for kind in ("target", "realisasi")]
    rows: list[dict[str, Any]] = []
    for s in range(draw(st.integers(1, 2))):
        rows.append({"level": "Sasaran", "uraian": f"Sasaran {s}"})
        for i in range(draw(st.integers(1, 3))):
            row = {
                "level": "Indikator",
                "uraian": f"Indikator {s}.{i}",
                "arah": draw(st.sampled_from(["naik", "turun"])),
            }
            row |= {k: draw(MEASURE) for k in [*keys, "target_akhir"] if draw(st.integers(0, 4))}
            rows.append(row)
    return {"rows": rows}


@st.composite
def skm_layanan(draw: st.DrawFn) -> dict[str, Any]:
    """Layanan with NRR per unsur (some n/a or empty), under Unit Layanan rows or not."""
    units = draw(st.booleans())
    rows: list[dict[str, Any]] = []
    for u in range(draw(st.integers(1, 2))):
        if units:
            rows.append({"level": "Unit Layanan", "uraian": f"Unit {u}"})
        for j in range(draw(st.integers(1, 3))):
            nrr = {f"u{k}": draw(NRR) for k in range(1, 10) if draw(st.integers(0, 5))}
            rows.append(
                {"level": "Layanan", "uraian": f"Layanan {u}.{j}", "responden": draw(st.integers(1, 500)), **nrr}
            )
    return {"rows": rows}


@st.composite
def skm_mentah(draw: st.DrawFn) -> dict[str, Any]:
    """Sum of answers (1-4 each) and the number of answers per unsur."""
    rows = []
    for k in range(1, 10):
        n = draw(st.integers(1, 500))
        rows.append(
            {"kode": f"U{k}", "unsur": f"Unsur {k}", "responden": n, "jumlah_nilai": draw(st.integers(n, 4 * n))}
        )
    return {"rows": rows}


@st.composite
def correct_workbook(draw: st.DrawFn) -> WorkbookData:
    """Inputs of several tables, then a random subset of derived cells typed with their right values."""
    decimals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2)
    tables: dict[str, Any] = {
        "tabel_1": {"rows": [{"uraian": f"Status {i}", "jumlah": draw(st.integers(1, 500))}
                             for i in range(draw(st.integers(1, 4)))]},
        "t2_2_2": draw(budget()),
        "t3_1": {"rows": [{"indikator": f"Indikator {i}", "arah": draw(st.sampled_from(["naik", "turun"])),
                           "target": str(draw(decimals)), "realisasi": str(draw(decimals))} for i in range(2)]},
        "t3_10": {"rows": [{"lokasi": f"Zona {i}", **{k: str(draw(st.integers(30, 90)))
                            for k in ("area_jalan", "drainase", "rth", "pkl", "spanduk")}} for i in range(3)]},
        "skm_unsur": {"rows": [{"kode": f"U{i}", "unsur": f"Unsur {i}",
                                "nrr": str(draw(st.decimals(min_value=1, max_value=4, places=3)))}
                               for i in range(1, 10)]},
        "iku_tahunan": draw(iku_tahunan()),
        "skm_layanan": draw(skm_layanan()),
        "skm_mentah": draw(skm_mentah()),
    }  # fmt: skip
    if draw(st.booleans()):  # the Parameter sheet with its defaults and a bobot IKM of 0,111
        defaults = [
            {"kode": f.key, "nilai": to_json_value(f.default)}
            for f in BY_ID["parameter"].fixed_rows or ()
            if f.default is not None
        ]
        tables["parameter"] = {"rows": [*defaults, {"kode": "bobot_ikm", "nilai": "0.111"}]}
    tables["analisis_penyebab"] = {"rows": [{"indikator": r["indikator"], "keberhasilan": "ada"}
                                            for r in tables["t3_1"]["rows"]]}  # fmt: skip
    data = from_json({"format": "lakip-xl", "version": 1, "tables": tables})
    rc = Recomputer(data, BY_ID)
    typed: WorkbookData = {}
    for table_id, tdata in data.items():
        rows = [dict(r) for r in tdata.rows]
        total: dict[str, Any] = {}
        for ref, key in rc.derived_cells(table_id):
            if not draw(st.booleans()):
                continue
            value = rc.shown(table_id, ref, key)
            if value is None:
                continue
            if ref == "total":
                total[key] = value
            else:
                assert isinstance(ref, int)
                rows[ref][key] = value
        typed[table_id] = TableData(rows=rows, total=total or None)
    return typed


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(data=correct_workbook())
def test_recomputing_a_correct_workbook_raises_nothing(data: WorkbookData) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wb.xlsx"
        write_workbook(path, data)
        found = [(f.rule, f.where.sheet, f.where.cell, f.recorded, f.expected) for f in audit(path).findings]
        assert found == []


@SETTINGS
@given(data=correct_workbook(), pick=st.randoms(use_true_random=False), delta=st.integers(1, 10**6))
def test_changing_one_input_raises_a_finding(data: WorkbookData, pick: Any, delta: int) -> None:
    doc = to_json(data)["tables"]
    leaves = [r for r in doc["t2_2_2"]["rows"] if r["level"] == "Sub Kegiatan"]
    target = pick.choice(leaves)
    target[pick.choice(["tw1", "tw2", "tw3", "tw4"])] += delta
    changed = from_json({"format": "lakip-xl", "version": 1, "tables": doc})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wb.xlsx"
        write_workbook(path, changed)
        assert "T2_2_2.PAGU_TW" in {f.rule for f in audit(path).findings}
