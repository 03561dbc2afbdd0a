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
from lakip_xl.model.errors import LakipError, os_reason
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
        raw = json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal, object_pairs_hook=_object)
    except FileNotFoundError as exc:
        raise LakipError(f"Berkas JSON tidak ditemukan: {path}") from exc
    except RecursionError as exc:
        raise LakipError(f"Berkas {path} bukan JSON lakip-xl: susunannya bersarang terlalu dalam") from exc
    except json.JSONDecodeError as exc:  # its own words are English: where it stopped says enough
        raise LakipError(f"Berkas {path} bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno})") from exc
    except UnicodeDecodeError as exc:
        raise LakipError(
            f"Berkas {path} bukan teks UTF-8 (bita ke-{id_number(exc.start + 1)}); simpan sebagai UTF-8"
        ) from exc
    except ValueError as exc:  # a number of thousands of digits (Python's int limit)
        raise LakipError(f"Berkas {path} memuat angka yang terlalu panjang (batas {id_number(MAX_NUMBER)})") from exc
    except OSError as exc:
        raise LakipError(f"Berkas {path} tidak dapat dibuka: {os_reason(exc)}") from exc
    return from_json(raw)


class _Object(dict[str, Any]):
    """A JSON object that named a key twice: the values are the last ones, as ``json`` keeps them."""

    twice: str = ""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json``'s object hook: a plain dict, or an :class:`_Object` naming its first key written twice."""
    out = _Object(pairs)
    if len(out) == len(pairs):
        return dict(out)
    seen: set[str] = set()
    out.twice = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return out


def _once(obj: Any, where: str) -> None:
    """Refuse an object that names a key twice (``json`` would silently keep the last value)."""
    if isinstance(obj, _Object):
        raise LakipError(f"{where}: kunci {_quoted(obj.twice)} ditulis dua kali; hapus salah satunya")


def from_json(raw: Any) -> WorkbookData:
    """Type a parsed JSON document by the table specs."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise LakipError(f'JSON harus berupa objek dengan "format": "{FORMAT}"')
    _once(raw, "JSON")
    version = raw.get("version")
    if isinstance(version, str):
        raise LakipError(f'"version" harus angka {VERSION} tanpa tanda petik, bukan teks {_quoted(version)}')
    if isinstance(version, bool) or version != VERSION:
        raise LakipError(f"Versi JSON {_shown(version)} tidak didukung (harus {VERSION})")
    tables = raw.get("tables")
    if not isinstance(tables, dict):
        raise LakipError('JSON harus memuat objek "tables"')
    _once(tables, "tables")
    out: WorkbookData = {}
    for table_id, body in tables.items():
        if table_id not in BY_ID:
            raise LakipError(f"Tabel tidak dikenal di JSON: {_quoted(table_id)}")
        out[table_id] = _table(BY_ID[table_id], body)
    return out


def _table(spec: TableSpec, body: Any) -> TableData:
    where = f"tables.{spec.id}"
    if not isinstance(body, dict):
        raise LakipError(f"{where} harus berupa objek")
    _once(body, where)
    unknown = set(body) - {"source", "transcription", "rows", "total"}
    if unknown:
        raise LakipError(f"{where}: kunci tidak dikenal {', '.join(_quoted(k) for k in sorted(unknown))}")
    rows = body.get("rows", [])
    if not isinstance(rows, list):
        raise LakipError(f"{where}.rows harus berupa daftar")
    typed_rows = [_row(spec, r, f"{where}.rows[{i}]") for i, r in enumerate(rows)]
    if spec.fixed_rows is not None:
        first: dict[Value, int] = {}
        for i, r in enumerate(typed_rows):
            if r.get("kode") in first:
                raise LakipError(f"{where}.rows[{i}].kode {_shown(r['kode'])} sudah ada di rows[{first[r['kode']]}]")
            first[r.get("kode")] = i
    total = body.get("total")
    typed_total = None
    if total is not None:
        if spec.total is None or not isinstance(total, dict):
            raise LakipError(f"{where}.total tidak berlaku untuk tabel ini")
        _once(total, f"{where}.total")
        allowed = set(spec.total.computes)
        bad = set(total) - allowed
        if bad:
            named = ", ".join(_quoted(k) for k in sorted(bad))
            raise LakipError(f"{where}.total: kolom {named} bukan kolom baris Jumlah")
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
    _unicode(source, f"{where}.source")
    _unicode(transcription, f"{where}.transcription")
    return TableData(rows=typed_rows, total=typed_total, source=source, transcription=transcription)


def _row(spec: TableSpec, raw: Any, where: str) -> dict[str, Value]:
    if not isinstance(raw, dict):
        raise LakipError(f"{where} harus berupa objek")
    _once(raw, where)
    fixed_choices: tuple[str, ...] = ()
    if spec.fixed_rows is not None:
        kode = raw.get("kode")
        if kode not in {f.key for f in spec.fixed_rows}:
            raise LakipError(f"{where}.kode {_shown(kode)} tidak dikenal untuk tabel {spec.id}")
        fixed_choices = spec.fixed_row(kode).choices
    row: dict[str, Value] = {}
    for key, value in raw.items():
        if key not in spec.keys:
            raise LakipError(f"{where}: kolom tidak dikenal {_quoted(key)}")
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
        return _whole(value, where)
    if kind.is_decimal:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise LakipError(f'{where}: harus angka desimal dalam teks (mis. "74.85"), bukan {_shown(value)}')
        try:
            dec = Decimal(value)
        except InvalidOperation as exc:
            raise LakipError(f'{where}: {_shown(value)} bukan angka (tulis mis. "74.85" atau "1e-10")') from exc
        if not dec.is_finite():
            raise LakipError(f"{where}: {_shown(value)} bukan angka hingga")
        if abs(dec) > MAX_NUMBER:
            raise LakipError(f"{where}: {_shown(value)} di luar batas ±{id_number(MAX_NUMBER)}")
        return dec
    if not isinstance(value, str):
        raise LakipError(f"{where}: harus teks, bukan {_shown(value)}")
    _unicode(value, where)
    return value


def _unicode(text: str, where: str) -> None:
    """Refuse a text holding half of a character (a lone surrogate escape): no workbook can store it."""
    lone = next((ch for ch in text if "\ud800" <= ch <= "\udfff"), None)
    if lone is not None:
        raise LakipError(
            f"{where}: teks memuat \\u{ord(lone):04x}, separuh karakter (surrogat tanpa pasangan) yang tidak dapat "
            "ditulis ke lembar kerja; perbaiki teks itu di JSON"
        )


def _whole(value: Any, where: str) -> int:
    """A money or count value: a JSON integer, or a number whose fraction is zero (``18758578800.0``)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise LakipError(f"{where}: harus bilangan bulat, bukan {_shown(value)}")
    number: int | Decimal = value if isinstance(value, int) else Decimal(value)  # a float: its exact value
    if not isinstance(number, int) and not number.is_finite():  # NaN, Infinity
        raise LakipError(f"{where}: {_shown(value)} bukan angka hingga")
    if not -MAX_NUMBER <= number <= MAX_NUMBER:
        raise LakipError(f"{where}: {_shown(value)} di luar batas ±{id_number(MAX_NUMBER)}")
    if number != int(number):
        raise LakipError(f"{where}: harus bilangan bulat (rupiah atau jumlah tanpa desimal), bukan {_shown(value)}")
    return int(number)


def _shown(value: Any) -> str:
    """A JSON value in a message: a number the Indonesian way and short, a text quoted; never a Python repr."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return id_number(Decimal(repr(value))) if value == value and abs(value) != float("inf") else str(value)
    if isinstance(value, int | Decimal):
        return id_number(value)
    if isinstance(value, str):
        return _quoted(value)
    return "objek" if isinstance(value, dict) else "daftar" if isinstance(value, list) else type(value).__name__


def _quoted(text: str) -> str:
    """A text of the JSON in a message: quoted, and cut when long."""
    return f"'{text}'" if len(text) <= 40 else f"'{text[:20]}…' ({len(text)} karakter)"


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
