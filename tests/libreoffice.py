"""Recalculate a workbook in LibreOffice headless (see shared VERIFIED.md).

``soffice --convert-to`` does not recalculate by default; a private profile
whose registry sets OOXMLRecalcMode and ODFRecalcMode to 0 (always) makes it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lakip_xl.model.workbook import WorkbookData

REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """Path of soffice, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(src: Path, outdir: Path, fmt: str, profile: Path, *, recalc: bool = True) -> Path:
    """Convert ``src`` with a forced recalculation (``recalc``), or keeping its cached values; return the output path.

    The profile's registry is written on each call: one profile serves one kind of conversion at a time.
    """
    exe = soffice()
    assert exe is not None
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    registry = REGISTRY if recalc else REGISTRY.replace("<value>0</value>", "<value>1</value>")  # 1: never
    (user / "registrymodifications.xcu").write_text(registry, encoding="utf-8")
    outdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HOME": str(profile)}
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    assert out.exists(), f"LibreOffice produced no {out}"
    return out


def recalculated(data: WorkbookData, folder: Path, profile: Path) -> Path:
    """``data`` written as a workbook in ``folder`` and recalculated by LibreOffice: the converted file."""
    from lakip_xl.io.writer import write_workbook

    src = folder / "formulas.xlsx"
    write_workbook(src, data)
    return convert(src, folder / "out", "xlsx", profile)


def laid_out(data: WorkbookData, folder: Path) -> WorkbookData:
    """What the sheets written from ``data`` hold: its tables, plus the template rows of absent tables."""
    from lakip_xl.io.writer import SheetWriter

    writer = SheetWriter(folder / "unused.xlsx", dict(data))
    writer.wb.close()
    return writer.layout_data
