"""Edit workbooks in a running LibreOffice through UNO, as a person does on screen.

Run by the system Python that has Debian's python3-uno (not the project's venv):

    /usr/bin/python3 tests/uno_driver.py JOBS.json

JOBS.json: ``{"pipe": NAME, "jobs": [{"src": PATH, "dst": PATH, "ops": [...]}]}``.
Each op names a sheet and uses 1-based rows, as a person sees them:

- ``{"op": "unprotect", "sheet": S}``
- ``{"op": "insert_rows", "sheet": S, "row": R, "count": N}``: N empty rows at R (row R moves down)
- ``{"op": "delete_rows", "sheet": S, "row": R, "count": N}``
- ``{"op": "copy_row", "sheet": S, "from": R1, "to": R2}``: copy a whole row onto another; LibreOffice
  adjusts its relative references exactly as a paste on screen does
- ``{"op": "set", "sheet": S, "cell": "E12", "value": V}``: type a number, or a text (never a formula)
- ``{"op": "formula", "sheet": S, "cell": "E12", "formula": "=..."}``: LibreOffice's API grammar (``;`` between
  arguments), as a person types it in an English-function Calc
- ``{"op": "clear", "sheet": S, "cell": "E12"}``
- ``{"op": "date", "sheet": S, "cell": "E12", "value": "2024-01-15"}``: a date typed into a cell (Calc gives it
  its date format, as on screen)
- ``{"op": "typed", "sheet": S, "cell": "E12", "value": "74%"}``: text typed as on screen: Calc recognises a
  number, a percent (stored as 0.74 with a percent format), a date or a time, else keeps the text
- ``{"op": "merge", "sheet": S, "range": "A1:B1"}``: merge cells (the first keeps its content)
- ``{"op": "protect", "sheet": S, "password": P}``: sheet protection with a password (not file encryption)
- ``{"op": "hide", "sheet": S}``; ``{"op": "rename", "sheet": S, "to": NEW}``
- ``{"op": "comment", "sheet": S, "cell": "E12", "text": T}``: a cell comment (annotation)
- ``{"op": "lines", "sheet": S, "cell": "E12", "value": "a\nb"}``: a text of several paragraphs (Ctrl-Enter)
- ``{"op": "link", "sheet": S, "cell": "E12", "text": T, "url": U}``: a text that is a hyperlink
- ``{"op": "span", "sheet": S, "cell": "E12", "value": T, "bold": N}``: a text whose first N characters are bold
- ``{"op": "title_rows", "sheet": S, "rows": N}``: rows 1..N repeated on every printed page
- ``{"op": "group_rows", "sheet": S, "row": R, "count": N}``; ``{"op": "hide_rows", "sheet": S, "row": R, "count": N}``
- ``{"op": "insert_cols", "sheet": S, "col": C, "count": N}``: N empty columns at 0-based index C
- ``{"op": "number_format", "sheet": S, "cell": "E12", "code": "[$Rp-421] #.##0"}``: a format code of the
  Indonesian locale (added to the document when it is new)
- ``{"op": "bool", "sheet": S, "cell": "E12", "value": true}``: a boolean (TRUE()/FALSE(), stored as a value
  with a boolean format)

Then every formula is recalculated and the file stored as .xlsx (``Calc MS Excel 2007 XML``), or as .ods
(``calc8``) when the destination's name ends in .ods.
Prints one line per job; exits non-zero with the reason on any failure.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONTENTS = 1 | 2 | 4 | 16 | 32  # VALUE | DATETIME | STRING | FORMULA | HARDATTR... cleared by "clear"


def _prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, wait: float = 90.0) -> Any:
    """The desktop of the soffice listening on ``pipe`` (retried while it starts)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:  # NoConnectException while soffice starts
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def run_ops(doc: Any, ops: list[dict[str, Any]]) -> None:
    sheets = doc.getSheets()
    for op in ops:
        sheet = sheets.getByName(op["sheet"])
        kind = op["op"]
        if kind == "unprotect":
            sheet.unprotect("")
        elif kind == "insert_rows":
            sheet.getRows().insertByIndex(op["row"] - 1, op.get("count", 1))
        elif kind == "delete_rows":
            sheet.getRows().removeByIndex(op["row"] - 1, op.get("count", 1))
        elif kind == "copy_row":
            src = sheet.getCellRangeByPosition(0, op["from"] - 1, 1023, op["from"] - 1).getRangeAddress()
            dest = sheet.getCellByPosition(0, op["to"] - 1).getCellAddress()
            sheet.copyRange(dest, src)
        elif kind == "set":
            cell = sheet.getCellRangeByName(op["cell"])
            value = op["value"]
            if isinstance(value, bool) or not isinstance(value, int | float):
                cell.setString(str(value))
            else:
                cell.setValue(float(value))  # an int past 32 bits reaches UNO as "hyper"
        elif kind == "formula":
            sheet.getCellRangeByName(op["cell"]).setFormula(op["formula"])
        elif kind == "date":
            cell = sheet.getCellRangeByName(op["cell"])
            cell.setFormula(op["value"])  # an ISO date typed: Calc recognises it in every locale
            locale = uno.createUnoStruct("com.sun.star.lang.Locale")
            cell.NumberFormat = doc.getNumberFormats().getStandardFormat(2, locale)  # NumberFormat.DATE
        elif kind == "typed":
            cell = sheet.getCellRangeByName(op["cell"])
            cell.setFormula(str(op["value"]))
            _recognised_format(doc, cell, str(op["value"]))
        elif kind == "merge":
            sheet.getCellRangeByName(op["range"]).merge(True)
        elif kind == "protect":
            sheet.protect(op["password"])
        elif kind == "hide":
            sheet.IsVisible = False
        elif kind == "rename":
            sheet.setName(op["to"])
        elif kind == "comment":
            address = sheet.getCellRangeByName(op["cell"]).getCellAddress()
            sheet.getAnnotations().insertNew(address, op["text"])
        elif kind == "lines":
            sheet.getCellRangeByName(op["cell"]).setString(op["value"])
        elif kind == "link":
            cell = sheet.getCellRangeByName(op["cell"])
            field = doc.createInstance("com.sun.star.text.TextField.URL")
            field.URL, field.Representation = op["url"], op["text"]
            cell.setString("")
            cell.insertTextContent(cell.getText().createTextCursor(), field, False)
        elif kind == "span":  # a text whose first ``bold`` characters are bold (a text:span in the .ods)
            cell = sheet.getCellRangeByName(op["cell"])
            cell.setString(op["value"])
            cursor = cell.getText().createTextCursor()
            cursor.gotoStart(False)
            cursor.goRight(op["bold"], True)
            cursor.CharWeight = 150.0
        elif kind == "title_rows":  # Format > Print Ranges > Rows to repeat: rows 1..N (table-header-rows)
            address = sheet.getCellRangeByPosition(0, 0, 0, op["rows"] - 1).getRangeAddress()
            sheet.setTitleRows(address)
            sheet.setPrintTitleRows(True)
        elif kind == "group_rows":  # Data > Group and Outline > Group, rows R..R+N-1 (a table-row-group)
            r = op["row"] - 1
            address = sheet.getCellRangeByPosition(0, r, 0, r + op["count"] - 1).getRangeAddress()
            sheet.group(address, uno.Enum("com.sun.star.table.TableOrientation", "ROWS"))
        elif kind == "hide_rows":
            for r in range(op["row"] - 1, op["row"] - 1 + op["count"]):
                sheet.getRows().getByIndex(r).IsVisible = False
        elif kind == "insert_cols":
            sheet.getColumns().insertByIndex(op["col"], op.get("count", 1))
        elif kind == "number_format":
            cell = sheet.getCellRangeByName(op["cell"])
            cell.NumberFormat = _format_key(doc, op["code"])
        elif kind == "bool":
            cell = sheet.getCellRangeByName(op["cell"])
            cell.setValue(1 if op["value"] else 0)
            cell.NumberFormat = doc.getNumberFormats().getStandardFormat(1024, _locale())  # NumberFormat.LOGICAL
        elif kind == "clear":
            sheet.getCellRangeByName(op["cell"]).clearContents(CONTENTS)
        elif kind == "heights":  # each used row: its height as written, then as LibreOffice fits it to its text
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            found = []
            for r in range(cursor.getRangeAddress().EndRow + 1):
                row = sheet.getRows().getByIndex(r)
                written = row.Height
                row.OptimalHeight = True
                found.append([r, written, row.Height])  # 1/100 mm
            Path(op["out"]).write_text(json.dumps(found), encoding="utf-8")
        else:
            raise ValueError(f"unknown op {kind}")


def _locale(language: str = "", country: str = "") -> Any:
    locale = uno.createUnoStruct("com.sun.star.lang.Locale")
    locale.Language, locale.Country = language, country
    return locale


def _format_key(doc: Any, code: str) -> int:
    """The key of format ``code`` in the Indonesian locale, added to the document when it is new."""
    formats, locale = doc.getNumberFormats(), _locale("id", "ID")
    key = formats.queryKey(code, locale, False)
    return int(key if key != -1 else formats.addNew(code, locale))


def _recognised_format(doc: Any, cell: Any, text: str) -> None:
    """Give a typed percent, date or time the format Calc's input line gives it on screen."""
    standard = doc.getNumberFormats().getStandardFormat
    if text.rstrip().endswith("%") and cell.getType().value == "VALUE":
        cell.NumberFormat = _format_key(
            doc, "0%" if float(text.rstrip()[:-1]) == int(float(text.rstrip()[:-1])) else "0.00%"
        )
    elif ":" in text and cell.getType().value == "VALUE":
        cell.NumberFormat = standard(4, _locale())  # NumberFormat.TIME
    del standard


def main(jobs_file: str) -> int:
    spec = json.loads(Path(jobs_file).read_text(encoding="utf-8"))
    desktop = connect(spec["pipe"])
    for job in spec["jobs"]:
        src, dst = Path(job["src"]).resolve(), Path(job["dst"]).resolve()
        doc = desktop.loadComponentFromURL(src.as_uri(), "_blank", 0, (_prop("Hidden", True),))
        try:
            run_ops(doc, job["ops"])
            doc.calculateAll()
            kind = "calc8" if dst.suffix.lower() == ".ods" else "Calc MS Excel 2007 XML"
            doc.storeToURL(dst.as_uri(), (_prop("FilterName", kind), _prop("Overwrite", True)))
        finally:
            doc.close(True)
        print(f"ok {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
