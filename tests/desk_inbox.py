"""A Bappeda inbox as it really looks (issue 21), built from the samples and generated workbooks."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

from bench.bench import generate
from lakip_xl.io.interchange import from_json
from lakip_xl.io.writer import write_workbook
from tests.conftest import ROOT, SAMPLE_JSON, SAMPLE_XLSX

GROBOGAN_JSON = ROOT / "samples" / "grobogan_2021.json"
GROBOGAN_XLSX = ROOT / "samples" / "grobogan_2021.xlsx"


def unit_doc(source: Path, unit: str, year: int) -> dict[str, Any]:
    """A sample's JSON as another unit's report of ``year``."""
    doc: dict[str, Any] = copy.deepcopy(json.loads(source.read_text(encoding="utf-8")))
    for row in doc["tables"]["identitas"]["rows"]:
        if row["kode"] == "unit":
            row["nilai"] = unit
        elif row["kode"] == "tahun":
            row["nilai"] = year
    return doc


def set_saved(path: Path, when: str) -> None:
    """Give ``path`` the modified date Excel or LibreOffice writes on saving it (``docProps/core.xml``)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + when.encode()
                              + rb"\g<2>", data)  # fmt: skip
            dst.writestr(info, data)
    os.replace(tmp, path)


def make_inbox(folder: Path) -> dict[str, Path]:
    """Two samples, a hand-filled kecamatan and its revision, a Dinas, a clean unit, an untouched template,
    a broken file, a lock file, a .txt, and a byte-identical copy of a sample."""
    from lakip_xl.io.writer import write_workbook as template

    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    files["sample"] = folder / "mustikajaya_2024.xlsx"
    shutil.copyfile(SAMPLE_XLSX, files["sample"])
    files["copy"] = folder / "mustikajaya_2024 (1).xlsx"
    shutil.copyfile(SAMPLE_XLSX, files["copy"])
    files["grobogan"] = folder / "grobogan_2021.xlsx"
    shutil.copyfile(GROBOGAN_XLSX, files["grobogan"])
    first = unit_doc(SAMPLE_JSON, "Kecamatan Bantargebang", 2025)
    files["kec_old"] = folder / "kec_bantargebang_2.xlsx"  # the older one: a later name and a later file time
    write_workbook(files["kec_old"], from_json(first))
    set_saved(files["kec_old"], "2025-02-01T08:00:00Z")
    revision = copy.deepcopy(first)
    for row in revision["tables"]["t2_2_2"]["rows"]:
        if row.get("uraian") == "Penyediaan Gaji dan Tunjangan ASN":  # one mistake corrected
            row["pagu"] = sum(row[k] for k in ("tw1", "tw2", "tw3", "tw4"))
    files["kec_new"] = folder / "kec_bantargebang.xlsx"
    write_workbook(files["kec_new"], from_json(revision))
    set_saved(files["kec_new"], "2025-03-02T10:15:00Z")
    os.utime(files["kec_new"], (1_700_000_000, 1_700_000_000))
    os.utime(files["kec_old"], (1_800_000_000, 1_800_000_000))
    files["dinas"] = folder / "dinkes_2025.xlsx"
    write_workbook(files["dinas"], from_json(unit_doc(GROBOGAN_JSON, "Dinas Kesehatan", 2025)))
    files["clean"] = folder / "kec_jatiasih.xlsx"
    generate(60, files["clean"], unit="Kecamatan Jatiasih", year=2025)
    files["template"] = folder / "template_kec_bekasi_utara.xlsx"
    template(files["template"], unit="Kecamatan Bekasi Utara", year=2025)
    files["broken"] = folder / "kec_rawalumbu.xlsx"
    files["broken"].write_bytes(b"ini bukan workbook")
    files["lock"] = folder / "~$kec_bantargebang.xlsx"
    files["lock"].write_bytes(b"kunci")
    files["txt"] = folder / "catatan.txt"
    files["txt"].write_text("dikirim lewat surel\n", encoding="utf-8")
    return files
