"""The JSON interchange: load and dump workbook data, typed by the specs.

Shape::

    {"format": "lakip-xl", "version": 1,
     "tables": {"tabel_1": {"source": "...", "transcription": "...",
                            "rows": [{...}], "total": {...}}}}

Money and counts are JSON integers; percentages, scores and other decimals are
strings (``"105.42"``) so the typed precision survives; a number not
measured is ``"n/a"`` in any number column of a report table (``"tidak diukur"``
and ``"-"`` are read as it, but ``"-"`` in a rupiah or count column is 0, nihil);
empty cells are absent. ``source`` is printed in the
sheet; ``transcription`` (optional) lives only in the JSON: a workbook never
holds it, so export cannot give it back.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lakip_xl.io.atomic import write_text_atomic
from lakip_xl.model.compare import canonical_choice
from lakip_xl.model.errors import LakipError
from lakip_xl.model.numbers import id_number, is_not_measured, mark_value
from lakip_xl.model.spec import Kind, RowData, TableSpec, Value
from lakip_xl.model.workbook import TableData, WorkbookData
from lakip_xl.tables import BY_ID, present

FORMAT = "lakip-xl"
VERSION = 1
MAX_NUMBER = 10**15  # Excel keeps 15 significant digits: a larger magnitude could not be written exactly


def load_json(path: Path) -> WorkbookData:
    """Read a JSON interchange file (UTF-8, with or without the BOM Windows Notepad writes).

    Raises:
        LakipError: The file is missing, not JSON, nested too deep, or does not fit the specs.
    """
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError as exc:
        raise LakipError(f"Berkas JSON tidak ditemukan: {path}") from exc
    except RecursionError as exc:
        raise LakipError(f"Berkas {path} bukan JSON lakip-xl: susunannya bersarang terlalu dalam") from exc
    except json.JSONDecodeError as exc:
        raise LakipError(f"Berkas {path} bukan JSON yang sah: {exc}") from exc
    except ValueError as exc:  # a number of thousands of digits (Python's int limit)
        raise LakipError(f"Berkas {path} memuat angka yang terlalu panjang (batas {id_number(MAX_NUMBER)})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise LakipError(f"Berkas {path} bukan JSON yang sah: {exc}") from exc
    return from_json(raw)


def from_json(raw: Any) -> WorkbookData:
    """Type a parsed JSON document by the table specs."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise LakipError(f'JSON harus berupa objek dengan "format": "{FORMAT}"')
    if raw.get("version") != VERSION:
        raise LakipError(f"Versi JSON {raw.get('version')!r} tidak didukung (harus {VERSION})")
    tables = raw.get("tables")
    if not isinstance(tables, dict):
        raise LakipError('JSON harus memuat objek "tables"')
    out: WorkbookData = {}
    for table_id, body in tables.items():
        if table_id not in BY_ID:
            raise LakipError(f"Tabel tidak dikenal di JSON: {table_id!r}")
        out[table_id] = _table(BY_ID[table_id], body)
    return out


def _table(spec: TableSpec, body: Any) -> TableData:
    where = f"tables.{spec.id}"
    if not isinstance(body, dict):
        raise LakipError(f"{where} harus berupa objek")
    unknown = set(body) - {"source", "transcription", "rows", "total"}
    if unknown:
        raise LakipError(f"{where}: kunci tidak dikenal {sorted(unknown)}")
    rows = body.get("rows", [])
    if not isinstance(rows, list):
        raise LakipError(f"{where}.rows harus berupa daftar")
    typed_rows = [_row(spec, r, f"{where}.rows[{i}]") for i, r in enumerate(rows)]
    if spec.fixed_rows is not None:
        first: dict[Value, int] = {}
        for i, r in enumerate(typed_rows):
            if r.get("kode") in first:
                raise LakipError(f"{where}.rows[{i}].kode {r['kode']!r} sudah ada di rows[{first[r['kode']]}]")
            first[r.get("kode")] = i
    total = body.get("total")
    typed_total = None
    if total is not None:
        if spec.total is None or not isinstance(total, dict):
            raise LakipError(f"{where}.total tidak berlaku untuk tabel ini")
        allowed = set(spec.total.computes)
        bad = set(total) - allowed
        if bad:
            raise LakipError(f"{where}.total: kolom {sorted(bad)} bukan kolom baris Jumlah")
        typed_total = {
            k: _value(spec.column(k).kind, v, f"{where}.total.{k}", marks=spec.takes_not_measured)
            for k, v in total.items()
        }
    source = body.get("source", "")
    if not isinstance(source, str):
        raise LakipError(f"{where}.source harus berupa teks")
    transcription = body.get("transcription", "")
    if not isinstance(transcription, str):
        raise LakipError(f"{where}.transcription harus berupa teks")
    return TableData(rows=typed_rows, total=typed_total, source=source, transcription=transcription)


def _row(spec: TableSpec, raw: Any, where: str) -> dict[str, Value]:
    if not isinstance(raw, dict):
        raise LakipError(f"{where} harus berupa objek")
    fixed_choices: tuple[str, ...] = ()
    if spec.fixed_rows is not None:
        kode = raw.get("kode")
        if kode not in {f.key for f in spec.fixed_rows}:
            raise LakipError(f"{where}.kode {kode!r} tidak dikenal untuk tabel {spec.id}")
        fixed_choices = spec.fixed_row(kode).choices
    row: dict[str, Value] = {}
    for key, value in raw.items():
        if key not in spec.keys:
            raise LakipError(f"{where}: kolom tidak dikenal {key!r}")
        if value is None:
            continue
        typed = _value(spec.kind_at(raw, key), value, f"{where}.{key}", marks=spec.takes_not_measured)
        if isinstance(typed, str) and key not in ("kode", "uraian"):  # a dropdown's value as its choice, as read
            typed = canonical_choice(typed, fixed_choices or spec.column(key).choices)
        row[key] = typed
    return row


def _value(kind: Kind, value: Any, where: str, *, marks: bool = False) -> Value:
    """A JSON value typed by ``kind``; ``marks``: a number cell of a report table, where "n/a" may stand."""
    if marks and kind.is_number and is_not_measured(value):
        return mark_value(kind, value)  # "n/a"; "-" too, except in rupiah and counts (nihil: 0)
    if kind.is_integer:
        if isinstance(value, float) and value in (float("inf"), float("-inf")):  # 1e400 in the JSON
            raise LakipError(f"{where}: angka di luar batas ±{id_number(MAX_NUMBER)}")
        if isinstance(value, bool) or not isinstance(value, int):
            raise LakipError(f"{where}: harus bilangan bulat, bukan {_shown(value)}")
        if abs(value) > MAX_NUMBER:
            raise LakipError(f"{where}: {_shown(value)} di luar batas ±{id_number(MAX_NUMBER)}")
        return value
    if kind.is_decimal:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise LakipError(f'{where}: harus angka desimal dalam teks (mis. "74.85"), bukan {value!r}')
        try:
            dec = Decimal(value)
        except InvalidOperation as exc:
            raise LakipError(f"{where}: {value!r} bukan angka") from exc
        if not dec.is_finite():
            raise LakipError(f"{where}: {value!r} bukan angka hingga")
        if abs(dec) > MAX_NUMBER:
            raise LakipError(f"{where}: {_shown(value)} di luar batas ±{id_number(MAX_NUMBER)}")
        return dec
    if not isinstance(value, str):
        raise LakipError(f"{where}: harus teks, bukan {value!r}")
    return value


def _shown(value: Any) -> str:
    """A JSON value in a message: short, never a Python repr of a huge number."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else format(value, "g")
    return text if len(text) <= 40 else f"{text[:20]}… ({len(text)} karakter)"


def to_json(data: WorkbookData) -> dict[str, Any]:
    """Dump typed data to the JSON document (tables in workbook order)."""
    tables: dict[str, Any] = {}
    for spec, tdata in present(data):
        body: dict[str, Any] = {}
        if tdata.source:
            body["source"] = tdata.source
        if tdata.transcription:
            body["transcription"] = tdata.transcription
        body["rows"] = [_dump_row(spec, r) for r in tdata.rows]
        if tdata.total:
            body["total"] = {k: _dump(v) for k, v in tdata.total.items() if v is not None}
        tables[spec.id] = body
    return {"format": FORMAT, "version": VERSION, "tables": tables}


def _dump_row(spec: TableSpec, row: RowData) -> dict[str, Any]:
    return {k: _dump(row[k]) for k in spec.keys if row.get(k) is not None}


def _dump(value: Value) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def format_json(doc: dict[str, Any]) -> str:
    """JSON text with one table row per line: readable and diff-friendly."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{", f' "format": {dumps(doc["format"])},', f' "version": {dumps(doc["version"])},', ' "tables": {']
    tables = list(doc["tables"].items())
    for t, (table_id, body) in enumerate(tables):
        lines.append(f"  {dumps(table_id)}: {{")
        parts = []
        if "source" in body:
            parts.append(f'   "source": {dumps(body["source"])}')
        if "transcription" in body:
            parts.append(f'   "transcription": {dumps(body["transcription"])}')
        rows = ",\n".join(f"    {dumps(r)}" for r in body["rows"])
        parts.append('   "rows": [\n' + rows + "\n   ]" if body["rows"] else '   "rows": []')
        if "total" in body:
            parts.append(f'   "total": {dumps(body["total"])}')
        lines.append(",\n".join(parts))
        lines.append("  }" + ("," if t < len(tables) - 1 else ""))
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def dump_json(data: WorkbookData, path: Path | None) -> str:
    """Serialise ``data``; write it to ``path`` when given. Returns the text."""
    text = format_json(to_json(data))
    if path is not None:
        write_text_atomic(path, text)
    return text
