"""The audit: read a workbook, validate it, recompute every derived value, check agreement.

:func:`audit` is the library call behind ``lakip-xl audit``. It returns an
:class:`AuditResult` whose findings every renderer (console, JSON, report
workbook) shows as they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from lakip_xl.audit.absent import empty_note, gap_between
from lakip_xl.audit.blanks import blank_causes, breaks_text, group_hint
from lakip_xl.audit.causes import input_causes
from lakip_xl.audit.completeness import report_tables, required_tables, table_statuses
from lakip_xl.audit.context import AuditResult, Context
from lakip_xl.audit.findings import Finding, Location, Severity, table_name
from lakip_xl.audit.uncomputed import inputs_of, uncomputable, without_inputs
from lakip_xl.model.compare import agrees, places_of, shown_as
from lakip_xl.model.dates import in_text_column, shown
from lakip_xl.model.errors import LakipError, NotFilledError
from lakip_xl.model.gaps import Gap
from lakip_xl.model.layout import a1, col_letter
from lakip_xl.model.numbers import NOT_MEASURED, id_number, round_half_up
from lakip_xl.model.spec import Kind, TableSpec, Value
from lakip_xl.model.workbook import Placement, RowRef, Unread, is_filled
from lakip_xl.tables import BY_ID, present
from lakip_xl.tables.profiles import DEFAULT, TABEL_WAJIB, named_profile, own_tables, profile_of, specs_for

UNMEASURED_INPUT = " karena isiannya n/a (tidak diukur); tulis n/a di sel ini"


def audit(path: Path) -> AuditResult:
    """Audit a filled LAKIP workbook.

    Raises:
        LakipError: The file cannot be used at all (not a workbook, none of
            the template's sheets, a limit exceeded).
    """
    from lakip_xl.audit.checks import run_checks
    from lakip_xl.audit.validate import validate
    from lakip_xl.io.filecheck import check_file
    from lakip_xl.io.reader import read_workbook

    check_file(path)
    digest = _sha256(path)
    data = read_workbook(path, cached=True, strict=False)
    if not data:
        raise LakipError(
            f"Berkas {path.name} tidak memuat satu pun lembar template LAKIP; buat dari 'lakip-xl template'"
        )
    ctx = Context(data)
    if not any(is_filled(spec, data.get(spec.id), names=True) for spec in report_tables()):  # carried names count
        unit, year = (str(ctx.local.param(name) or "").strip() for name in ("UNIT", "TAHUN"))
        raise NotFilledError(
            f"Berkas {path.name} belum diisi: tidak satu pun tabel laporan berisi angka atau teks; "
            "isi tabelnya lebih dulu, lalu periksa lagi",
            unit,
            year,
        )
    _sheet_notes(ctx)
    validate(ctx)
    input_causes(ctx)
    blank_causes(ctx)
    _derived_cells(ctx)
    run_checks(ctx)
    tables = table_statuses(data, _required(ctx))
    findings = sorted(_dedupe(ctx.findings), key=Finding.sort_key)
    if _sha256(path) != digest:  # pragma: no cover - would be a bug in a reader
        raise LakipError(f"Berkas {path.name} berubah selama audit")
    return AuditResult(path, digest, data, findings, tables, ctx.not_checked)


def _required(ctx: Context) -> frozenset[str]:
    """The tables the unit's Parameter TABEL_WAJIB names; a token that names none is a finding."""
    index = next((i for i, r in enumerate(ctx.table("parameter").rows) if r.get("kode") == "tabel_wajib"), None)
    typed = index is not None and ctx.table("parameter").rows[index].get("nilai") is not None
    # Left empty, the default of the workbook's profile applies (a kecamatan's and an OPD's differ).
    setting = ctx.local.param("TABEL_WAJIB") if typed else TABEL_WAJIB[profile_of(ctx.data)]
    required, unknown = required_tables(setting)
    if unknown:
        named = ", ".join(f"'{u}'" for u in unknown)
        message = (
            f"Tabel wajib {named} tidak dikenal; tulis nomor tabel laporan "
            "seperti 2.2.1, 3.1, 3.19 atau nama tabel seperti Realisasi Anggaran, dipisah koma"
        )
        if index is None:
            ctx.findings.append(Finding("PARAMETER.TABEL_WAJIB", Severity.ERROR, Location("-", "Parameter"), message))
        else:
            ctx.add("PARAMETER.TABEL_WAJIB", Severity.ERROR, "parameter", index, "nilai", message)
    return required


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _dedupe(findings: list[Finding]) -> Iterator[Finding]:
    seen = set()
    for f in findings:
        key = (f.rule, f.where, f.recorded, f.expected)
        if key not in seen:
            seen.add(key)
            yield f


def _profile_note(ctx: Context) -> None:
    """A blank or deleted profil in an OPD workbook: one finding saying which profile its sheets show, and where.

    Blank or absent, a kecamatan workbook is what it always was (every workbook made before profiles).
    """
    used = profile_of(ctx.data)
    if named_profile(ctx.data) is not None or used == DEFAULT:
        return  # named: a value that is no profile is VALIDASI.PILIHAN at its cell
    shown = [BY_ID[t].sheet for t in own_tables(used) if t in ctx.data]
    why = f"lembarnya ({', '.join(shown[:3])}{', ...' if len(shown) > 3 else ''})" if shown else "lembarnya"
    spec, place = BY_ID["identitas"], ctx.table("identitas").placement
    row, column = (place.empty.get("profil"), place.columns.get("nilai")) if place else (None, None)
    sheet = place.sheet if place else spec.sheet
    table = spec.seed.split(",")[0]
    if row is not None and column is not None:  # the row is there, its Isian blank
        where = Location(table, sheet, a1(row, column), spec.fixed_row("profil").label)
        message = f"Profil kosong: diperiksa sebagai {used} menurut {why}. Pilih {used} dari daftar."
    else:  # the row deleted
        where = Location(table, sheet)
        message = f"Baris profil tidak ada: diperiksa sebagai {used} menurut {why}. Tambahkan baris profil: {used}."
    ctx.findings.append(Finding("IDENTITAS.PROFIL", Severity.WARNING, where, message))


def _sheet_notes(ctx: Context) -> None:
    """Missing sheets, data outside the tables, merged cells, error values, formulas without cached values."""
    _profile_note(ctx)
    missing = [spec for spec in specs_for(ctx.data) if spec.id not in ctx.data and not spec.is_parameter]
    for spec in missing:
        ctx.findings.append(
            Finding(
                "LEMBAR.HILANG",
                Severity.WARNING,
                Location(spec.seed.split(",")[0], spec.sheet),
                f"Lembar '{spec.sheet}' (tabel {spec.seed}) tidak ada; tabel ini tidak diperiksa",
            )
        )
    uncached = 0
    for spec, tdata in present(ctx.data):
        place = tdata.placement
        if place is None:
            continue
        uncached += len(place.uncached)
        if place.duplicates:
            others = ", ".join(f"'{n}'" for n in place.duplicates)
            ctx.findings.append(
                Finding(
                    "LEMBAR.GANDA",
                    Severity.ERROR,
                    Location(spec.seed.split(",")[0].strip(), place.sheet),
                    f"Tabel {spec.seed} ada di lebih dari satu lembar: '{place.sheet}' diperiksa, {others} tidak; "
                    "hapus atau ganti nama lembar salinan agar jelas mana yang dilaporkan",
                )
            )
        for (ref, key), when in place.dates.items():  # in a number column validation explains the cell format
            if spec.column(key).kind.is_text:
                why = in_text_column(when, spec.column(key).header)
                ctx.add("SEL.TANGGAL", Severity.WARNING, spec.id, ref, key, why, recorded=shown(when))
        for ref, key in sorted(place.external, key=lambda rk: (str(rk[0]), rk[1])):
            message = "Rumus merujuk ke workbook lain; ketik nilainya atau pakai rumus di dalam berkas ini"
            ctx.add("SEL.EKSTERNAL", Severity.ERROR, spec.id, ref, key, message)
        for block in place.unread:
            ctx.findings.append(_unread(spec, place, block))
        for rng in place.merged:
            where = Location(spec.seed.split(",")[0].strip(), place.sheet, rng.split(":")[0])
            message = f"Sel {rng} digabung (merge) di dalam tabel; hanya sel kiri atas yang terbaca"
            ctx.findings.append(Finding("SEL.GABUNG", Severity.WARNING, where, message))
        for (ref, key), err in sorted(place.errors.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
            ctx.add(
                "SEL.GALAT",
                Severity.ERROR,
                spec.id,
                ref,
                key,
                f"Sel berisi nilai galat {err}; perbaiki rumus atau isiannya",
                recorded=err,
            )
    if uncached:
        ctx.findings.append(
            Finding(
                "SEL.TANPA_CACHE",
                Severity.INFO,
                Location("-", "-"),
                f"{uncached} sel rumus tidak menyimpan hasil (berkas disimpan oleh program, bukan aplikasi "
                "lembar kerja); nilainya dihitung ulang oleh lakip-xl",
            )
        )


def _unread(spec: TableSpec, place: Placement, block: Unread) -> Finding:
    """A finding naming cells that hold data the reader did not read."""
    first, last = a1(*block.first), a1(*block.last)
    cells = first if first == last else f"{first}:{last}"
    end = f"baris {spec.total.label}" if spec.total else "tanda akhir tabel"
    if block.reason in ("below", "end_row"):
        rule, advice = "SEL.DI_LUAR_TABEL", f"sisipkan baris di atas {end}"
        at = f"di bawah {end}" if block.reason == "below" else f"pada {end if spec.total else 'baris ' + end}"
    elif block.reason == "column":
        rule, letter = "SEL.KOLOM_TAK_DIKENAL", col_letter(block.first[1])
        side = "di kanan tabel" if block.first[1] > max(place.columns.values()) else "di dalam tabel"
        title = f"berjudul '{block.detail}'" if block.detail else "tanpa judul"
        at = f"{side}, di kolom {letter} {title}"
        advice = "judul itu bukan judul kolom tabel ini; pindahkan isinya ke kolom tabel atau kembalikan judulnya"
    elif block.reason == "again":
        rule, at = "VALIDASI.KODE_GANDA", f"pada baris kedua berkode '{block.detail}'"
        advice = "baris pertama berkode itu yang dibaca; hapus salah satu atau satukan isinya"
    else:
        rule = "SEL.BARIS_TAK_DIKENAL"
        at = f"pada baris berkode '{block.detail}'" if block.detail else "pada baris tanpa kode"
        kodes = ", ".join(f.key for f in spec.fixed_rows or ())
        advice = f"baris tabel ini dikenali dari kodenya ({kodes}); kembalikan kode seperti di template"
    where = Location(spec.seed.split(",")[0].strip(), place.sheet, first)
    return Finding(rule, Severity.ERROR, where, f"Sel {cells} {at} berisi data yang tidak dibaca; {advice}")


def _derived_cells(ctx: Context) -> None:
    """Every derived cell holding a value: does it agree with its recomputation?"""
    from lakip_xl.audit.checks.arah import other_direction_hint
    from lakip_xl.audit.rules_derived import derived_rule

    for spec, tdata in present(ctx.data):
        place = tdata.placement
        untyped: list[tuple[RowRef, str, list[str]]] = []  # derived values typed without an input
        for ref, key in ctx.local.derived_cells(spec.id):
            recorded = ctx.local.value(spec.id, ref, key)
            if recorded is None:
                if place is not None and (ref, key) in place.blank:
                    _blank(ctx, spec, ref, key)
                continue
            unmeasured = recorded == NOT_MEASURED  # only a measurement column holds it (the readers see to that)
            if isinstance(recorded, str) and spec.column(key).kind.is_decimal and not unmeasured:
                continue
            expected = ctx.local.expected(spec.id, ref, key)
            if ctx.local.unknown(spec.id, ref, key):
                continue  # it read an input validation refused: that input's finding says so
            agree = expected is not None and ctx.agrees_either(spec.id, ref, key, recorded, expected)
            if not agree and ctx.corrected.unknown(spec.id, ref, key):
                continue  # right over its inputs, but one of them was refused: no value to judge it by
            gap = None if agree or expected is None else ctx.gaps.of(spec.id, ref, key)
            if gap is not None and not gap.numbers:
                expected = None  # a sum of cells that are all empty or n/a has no value: never 0
            if unmeasured and expected is None:
                continue  # "n/a" where no number can be computed (target 0, an input empty) is what it says
            if expected is None and not isinstance(recorded, str):
                empty, zero = inputs_of(ctx, spec.id, ref, key)
                if empty:
                    untyped.append((ref, key, empty))
                else:
                    uncomputable(ctx, spec, ref, key, recorded, zero)
                continue
            if agree:
                continue
            if (spec.id, ref, key) in ctx.broken and agrees(recorded, ctx.broken[(spec.id, ref, key)]):
                continue  # it shows what its formula gives from an input typed as text or in %: that input's finding
            rule, what = derived_rule(spec, ctx.local.row(spec.id, ref), ref, key)
            places = spec.column(key).places  # numbers in the message as the column shows them
            what = f"{table_name(ctx.where(spec.id, ref, key).table)}, {what}"
            if gap is not None and gap_between(ctx, recorded, None, expected, gap) is not None:
                _over_empty(ctx, spec.id, ref, key, what, recorded, shown_as(recorded, expected, places), gap)
                continue
            if _forced_rounding(ctx, spec, ref, key, recorded, expected):
                ctx.add(
                    "PEMBULATAN.PAKSA",
                    Severity.WARNING,
                    spec.id,
                    ref,
                    key,
                    f"{what}: {id_number(recorded)} dibulatkan paksa agar jumlahnya 100 (seharusnya "
                    f"{id_number(shown_as(recorded, expected, places))})",
                    recorded=recorded,
                    expected=shown_as(recorded, expected, places),
                )
                continue
            shown = shown_as(recorded, expected, places)
            from_formula = place is not None and place.from_formula(ref, key)
            source = "hasil rumus" if from_formula else "tertulis"
            if isinstance(recorded, Decimal) and isinstance(expected, Decimal) and places_of(recorded) < places:
                rounded = round_half_up(expected, places_of(recorded))
                what = f"{what} (dibandingkan pada {places_of(recorded)} desimal: {id_number(rounded)})"
            ctx.add(
                rule,
                Severity.ERROR,
                spec.id,
                ref,
                key,
                f"{what}: {source} {id_number(recorded)}, hasil hitung {id_number(shown)}"
                + (UNMEASURED_INPUT if expected == NOT_MEASURED else "")
                + _as_fraction(spec, key, recorded, expected)
                + (group_hint(ctx, spec, ref, key, recorded) if from_formula else "")
                + other_direction_hint(ctx, spec, ref, key, recorded),
                recorded=recorded,
                expected=shown,
            )
        if untyped:
            without_inputs(ctx, spec, untyped)


def _over_empty(
    ctx: Context, table_id: str, ref: RowRef, key: str, what: str, recorded: Value, shown: Value, gap: Gap
) -> None:
    """A typed value that disagrees with a sum over an empty input: a warning naming the empty cell."""
    ctx.add(
        "HITUNG.ISIAN_KOSONG",
        Severity.WARNING,
        table_id,
        ref,
        key,
        f"{what}: tertulis {id_number(recorded)}, dari isian yang ada {id_number(shown)}"
        + empty_note(ctx, gap, table_id),
        recorded=recorded,
        expected=shown,
        related=(ctx.where(*gap.cell),),
    )


def _blank(ctx: Context, spec: TableSpec, ref: RowRef, key: str) -> None:
    """A derived cell of a filled row left empty, without its formula: the printed table shows nothing there."""
    from lakip_xl.audit.rules_derived import derived_rule

    expected = ctx.local.shown(spec.id, ref, key)  # as the column shows it, never 28 digits
    if expected is None or expected == NOT_MEASURED or ctx.local.unknown(spec.id, ref, key):
        return  # nothing to show there (or an input's own finding says why)
    gap = ctx.gaps.of(spec.id, ref, key)
    if gap is not None and not gap.numbers:
        return  # a sum of empty cells: nothing, not 0
    if ref == "total" and not ctx.table(spec.id).rows:
        return
    _, what = derived_rule(spec, ctx.local.row(spec.id, ref), ref, key)
    shown = id_number(expected) if isinstance(expected, int | Decimal) else str(expected)
    breaks = ctx.blank_breaks.get((spec.id, ref, key), [])
    ctx.add(
        "HITUNG.KOSONG_DIBACA" if breaks else "HITUNG.KOSONG",
        Severity.ERROR if breaks else Severity.WARNING,
        spec.id,
        ref,
        key,
        f"{table_name(ctx.where(spec.id, ref, key).table)}, {what}: sel kosong tanpa rumus (mis. baris disisipkan "
        f"tanpa rumusnya), hasil hitung {shown}; salin rumus dari baris setingkat atau ketik angkanya"
        + (breaks_text(breaks) if breaks else ""),
        expected=expected,
        related=tuple(breaks),
    )


def _as_fraction(spec: TableSpec, key: str, recorded: Value, expected: Value) -> str:
    """A hint when a percent was typed as a fraction (0,8096 for 80,96 %)."""
    if spec.column(key).kind is not Kind.PERCENT or not isinstance(recorded, Decimal) or recorded == 0:
        return ""
    if not isinstance(expected, Decimal) or not agrees(recorded.scaleb(2), expected):
        return ""
    return f"; tampaknya diketik sebagai pecahan: ketik {id_number(recorded.scaleb(2))} (persen)"


def _forced_rounding(ctx: Context, spec: TableSpec, ref: RowRef, key: str, recorded: Value, expected: Value) -> bool:
    """A share off by one unit in its last digit, in a column whose typed values sum to 100."""
    if spec.total is None or ref == "total" or key not in spec.total.computes:
        return False
    if not isinstance(recorded, Decimal) or not isinstance(expected, Decimal):
        return False
    unit = Decimal(1).scaleb(-places_of(recorded))
    if abs(recorded - round_half_up(expected, places_of(recorded))) != unit:
        return False
    typed = [r.get(key) for r in ctx.table(spec.id).rows]
    shares = [v for v in typed if isinstance(v, Decimal)]
    return len(shares) == len(typed) and sum(shares, Decimal(0)) == 100
