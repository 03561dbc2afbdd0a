"""Command line: a thin typer layer over the library.

Every command makes one library call; errors are mapped to exit codes in
:func:`_run` only: 0 clean, 1 discrepancies found, 2 unusable input, 3 an
output that cannot be written, 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP, 141 a
reader that closed stdout (``| head``), silently, as a tool killed by SIGPIPE.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lakip_xl import __version__
from lakip_xl.commands.auditing import audit_many, audit_one, refuse_same, report_path
from lakip_xl.commands.output import error as _error
from lakip_xl.commands.output import say as _say
from lakip_xl.io.signals import Stopped, stopping_on_signals
from lakip_xl.model.errors import LakipError, OutputError, os_reason
from lakip_xl.report.cli_texts import REKAP_HELP
from lakip_xl.report.cli_texts import install as indonesian_click
from lakip_xl.report.console import quiet_stdout, tolerant_stdio
from lakip_xl.web.command import serve_command

app = typer.Typer(
    name="lakip-xl",
    help=(
        "lakip-xl: lembar kerja LAKIP. Buat template, isi di Excel, lalu periksa (audit) "
        "semua angka turunan sebelum laporan dikirim ke Bappeda. Kode keluar: 0 bersih, 1 ada galat atau "
        "belum lengkap, 2 berkas masukan tidak dapat dipakai, 3 keluaran tidak dapat ditulis (folder, folder "
        "tidak ada atau tidak dapat ditulisi, sama dengan masukan atau keluaran lain, disk penuh), 130/143/129 "
        "dihentikan (Ctrl-C, SIGTERM, SIGHUP), 141 pembaca keluaran berhenti lebih dulu (mis. '| head')."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

DEBUG = {"on": False}
LANG_HELP = (
    "Bahasa layar: id (bawaan) atau en. Dengan en hanya bingkai tampilan layar yang berbahasa Inggris "
    "(judul, nama kolom, tingkat temuan, jumlah, daftar tabel, kesimpulan, baris 'Report written'); "
    "pesan dan uraian setiap temuan, alasan 'tidak diperiksa', pesan galat, JSON dan laporan .xlsx "
    "tetap berbahasa Indonesia."
)


class Profile(StrEnum):
    """The template profiles (lakip_xl.tables.profiles)."""

    kecamatan = "kecamatan"
    opd = "opd"


indonesian_click()  # Usage, Options, --help, errors and "Try ... for help" in Bahasa Indonesia too
# Every Path is opened by the library, which says in Bahasa Indonesia why it cannot be (typer's own check is English)
FILE = {"metavar": "BERKAS", "readable": False}
LAMA, BARU = ({**FILE, "metavar": name} for name in ("LAMA", "BARU"))  # diff's two files, told apart in its usage


def _run(action: Callable[[], int | None]) -> None:
    """Run a library call and map its outcome to an exit code (the only place that does)."""
    with stopping_on_signals():
        code = _mapped(action)
    raise typer.Exit(code)


def _mapped(action: Callable[[], int | None]) -> int:
    """The exit code of ``action``: its own, or the one its error maps to (one line on stderr)."""
    try:
        code = action() or 0
        sys.stdout.flush()  # a closed pipe shows here, not as "Exception ignored" when Python exits
    except BrokenPipeError:  # `--json - | head`: the reader has what it wanted; nothing to say
        quiet_stdout()
        return 128 + signal.SIGPIPE
    except LakipError as exc:  # OutputError included: exit 3, the input may be fine
        _error(f"Galat: {exc}")
        if DEBUG["on"]:
            raise
        return exc.exit_code
    except Stopped as exc:
        typer.echo(f"Dihentikan ({signal.Signals(exc.signum).name}); keluaran yang belum selesai dihapus.", err=True)
        return 128 + exc.signum
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        _error(f"Galat: {os_reason(exc)}{where}")
        if DEBUG["on"]:
            raise
        return 2
    except KeyboardInterrupt:
        typer.echo("Dibatalkan.", err=True)
        return 130
    except Exception as exc:  # a bug: still one line, and --debug shows the traceback
        _error(f"Galat tak terduga ({type(exc).__name__}: {exc}); jalankan lagi dengan --debug")
        if DEBUG["on"]:
            raise
        return 2
    return code


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lakip-xl {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Tampilkan versi lalu keluar.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Tampilkan traceback lengkap bila terjadi galat.")] = False,
) -> None:
    """Lembar kerja LAKIP: template, isi, ekspor dan audit."""
    DEBUG["on"] = debug
    tolerant_stdio()


@app.command()
def template(
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Berkas .xlsx (bawaan lakip_template.xlsx; --dari: namanya, tahun baru).", **FILE
        ),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", metavar="NAMA", help="Nama unit kerja, mis. 'Kecamatan Mustikajaya'.")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", metavar="TAHUN", help="Tahun laporan, mis. 2024.")] = None,
    profile: Annotated[
        Profile | None,
        typer.Option(
            "--profile",
            "--profil",
            help="Jenis unit: kecamatan (bawaan: lembar K3, Tabel 3.19/3.20, Penutup) atau opd (Dinas/Badan/"
            "Sekretariat: pegawai L/P, capaian per tujuan/sasaran/kegiatan, realisasi DPA/DPPA).",
        ),
    ] = None,
    program: Annotated[
        int | None,
        typer.Option(
            "--program", metavar="N", help="Jumlah program unit Anda: lembar anggaran disiapkan sebanyak itu."
        ),
    ] = None,
    kegiatan: Annotated[int | None, typer.Option("--kegiatan", metavar="N", help="Jumlah kegiatan seluruhnya.")] = None,
    subkegiatan: Annotated[
        int | None, typer.Option("--subkegiatan", metavar="N", help="Jumlah subkegiatan seluruhnya.")
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--timpa",
            "--force",
            help="Ganti berkas -o yang sudah ada (tanpa pilihan ini template tidak pernah menimpa berkas).",
        ),
    ] = False,
    dari: Annotated[
        Path | None,
        typer.Option(
            "--dari", help="Laporan tahun lalu (.xlsx/.ods terisi): lembar kerja tahun berikutnya darinya.", **FILE
        ),
    ] = None,
) -> None:
    """Buat template lembar kerja LAKIP kosong (satu lembar per tabel laporan).

    Dengan --program, --kegiatan dan --subkegiatan, lembar anggaran (2.2.2, 3.19/3.20, Realisasi Anggaran)
    langsung memuat baris sebanyak program, kegiatan dan subkegiatan unit Anda, dibagi rata. Dengan --dari:
    lembar kerja tahun berikutnya dari laporan tahun lalu (identitas, Renstra, struktur, nilai tahun lalu).
    """

    def action() -> None:
        from lakip_xl.cycle import roll_forward
        from lakip_xl.io.atomic import check_output
        from lakip_xl.io.writer import write_workbook
        from lakip_xl.tables.anggaran import BudgetSize

        if unit is not None and any("\ud800" <= ch <= "\udfff" for ch in unit):
            raise LakipError("Pilihan --unit memuat byte yang bukan UTF-8; ketik nama unit lagi di terminal UTF-8")
        size = BudgetSize.of_options(program, kegiatan, subkegiatan)
        target = output or (None if dari is not None else Path("lakip_template.xlsx"))
        source = dari is not None and target is not None and os.path.realpath(target) == os.path.realpath(dari)
        if target is not None and not source and not overwrite and (target.is_file() or target.is_symlink()):
            raise OutputError(
                f"Berkas {target} sudah ada (mungkin lembar kerja yang sudah diisi); template tidak ditulis. "
                "Pilih nama lain dengan -o, atau tambahkan --timpa untuk menggantinya"
            )
        if dari is not None:
            done = roll_forward(dari, output, year, unit=unit, profile=profile, sized=size is not None)
            return _say("\n".join(done.lines))
        assert target is not None
        check_output(target)
        write_workbook(target, unit=unit, year=year, profile=(profile or Profile.kecamatan).value, size=size)
        _say(f"Template ditulis: {target}")

    _run(action)


@app.command()
def fill(
    data: Annotated[Path, typer.Argument(help="Berkas JSON data LAKIP (format lakip-xl).", **FILE)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Lembar kerja .xlsx yang ditulis.", **FILE)],
) -> None:
    """Isi template dengan data dari JSON (nilai turunan yang ada di JSON ditulis di atas rumusnya)."""

    def action() -> None:
        from lakip_xl.io.atomic import check_output
        from lakip_xl.io.interchange import load_json
        from lakip_xl.io.writer import write_workbook

        refuse_same(data, output)
        check_output(output)
        write_workbook(output, load_json(data))
        _say(f"Lembar kerja terisi ditulis: {output}")

    _run(action)


@app.command()
def export(
    workbook: Annotated[Path, typer.Argument(help="Lembar kerja LAKIP .xlsx atau .ods yang sudah diisi.", **FILE)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Berkas JSON keluaran; '-' untuk layar.", **FILE)],
) -> None:
    """Baca lembar kerja kembali menjadi JSON (sel yang masih berisi rumus tidak ditulis)."""

    def action() -> None:
        from lakip_xl.io.atomic import check_output
        from lakip_xl.io.interchange import dump_json
        from lakip_xl.io.reader import read_workbook

        if str(output) != "-":
            refuse_same(workbook, output)
            check_output(output)
        data = read_workbook(workbook)
        if str(output) == "-":
            sys.stdout.write(dump_json(data, None))
        else:
            dump_json(data, output)
            _say(f"JSON ditulis: {output}")

    _run(action)


@app.command()
def audit(
    workbooks: Annotated[
        list[Path],
        typer.Argument(
            help="Lembar kerja LAKIP .xlsx/.ods yang diperiksa (tidak diubah); boleh beberapa, atau folder.", **FILE
        ),
    ],
    json_out: Annotated[
        str | None,
        typer.Option("--json", metavar="BERKAS", help="Tulis temuan sebagai JSON ke berkas ini; '-' untuk layar."),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", metavar="id|en", help=LANG_HELP)] = "id",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Laporan .xlsx untuk Bappeda (bawaan: NAMA_laporan.xlsx di sebelah berkas).", **FILE
        ),
    ] = None,
    no_report: Annotated[
        bool, typer.Option("--tanpa-laporan", help="Hanya temuan: laporan .xlsx tidak ditulis.")
    ] = False,
    tahun_lalu: Annotated[
        Path | None,
        typer.Option("--tahun-lalu", help="Laporan tahun lalu (.xlsx/.ods): nilai tahun lalu dicocokkan.", **FILE),
    ] = None,
) -> None:
    """Periksa lembar kerja: hitung ulang semua angka turunan, cocokkan antar tabel, tulis laporan .xlsx.

    Keluar dengan kode 0 bila bersih, 1 bila ada galat atau tabel wajib belum diisi (belum lengkap),
    2 bila berkas tidak dapat dipakai (termasuk template yang belum diisi), 3 bila laporan atau JSON tidak
    dapat ditulis (diperiksa sebelum audit). Dengan beberapa berkas: 0 bila semuanya bersih, 2 bila tidak
    satu pun dapat dipakai, 3 bila keluaran tidak dapat ditulis, selain itu 1.
    """

    def action() -> int:
        from lakip_xl.io.atomic import check_distinct, check_output
        from lakip_xl.io.inbox import is_folder

        if lang not in ("id", "en"):
            raise LakipError("Pilihan --lang harus 'id' atau 'en'")
        to_file = Path(json_out) if json_out not in (None, "-") else None
        if to_file is not None:
            for workbook in [*workbooks, *([tahun_lalu] if tahun_lalu else [])]:
                refuse_same(workbook, to_file)
            check_output(to_file)
        if len(workbooks) == 1 and not is_folder(workbooks[0]):
            report = None if no_report else report_path(workbooks[0], output)
            check_distinct(("-o", report), ("--json", to_file))
            return audit_one(workbooks[0], json_out, lang, report, tahun_lalu)
        if output is not None or tahun_lalu is not None:
            raise LakipError("Pilihan -o dan --tahun-lalu hanya untuk satu berkas (banyak unit: rekap --tahun-lalu)")
        return audit_many(workbooks, json_out, lang, not no_report)

    _run(action)


@app.command()
def rekap(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Lembar kerja .xlsx/.ods semua unit, atau folder berisinya (tidak diubah).", **FILE),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Rekap .xlsx yang ditulis.", **FILE)],
    json_out: Annotated[
        str | None,
        typer.Option("--json", metavar="BERKAS", help="Tulis rekap sebagai JSON ke berkas ini; '-' untuk layar."),
    ] = None,
    laporan: Annotated[
        Path | None,
        typer.Option(
            "--laporan",
            metavar="FOLDER",
            readable=False,
            help="Folder laporan .xlsx setiap unit (dibuat bila belum ada; ditautkan dari rekap).",
        ),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", metavar="N", help="Jumlah proses pemeriksa (bawaan: jumlah CPU).", min=1)
    ] = None,
    tahun: Annotated[str | None, typer.Option("--tahun", metavar="TAHUN", help=REKAP_HELP["tahun"])] = None,
    daftar: Annotated[Path | None, typer.Option("--daftar", metavar="BERKAS", help=REKAP_HELP["daftar"])] = None,
    dask: Annotated[str | None, typer.Option("--dask", metavar="ALAMAT", help=REKAP_HELP["dask"])] = None,
    tahun_lalu: Annotated[
        Path | None, typer.Option("--tahun-lalu", help=REKAP_HELP["tahun_lalu"], **{**FILE, "metavar": "FOLDER"})
    ] = None,
) -> None:
    """Periksa lembar kerja semua unit sekaligus lalu satukan dalam satu rekap .xlsx untuk Bappeda.

    Satu unit, satu tahun, satu baris: dari beberapa kiriman unit dan tahun yang sama hanya yang terbaru dihitung.
    Berkas yang tidak dapat dipakai tidak menghentikan rekap: barisnya menyebut alasannya. Keluar dengan kode 0
    bila semua unit bersih, 1 bila ada unit yang tidak bersih, belum kirim atau kiriman yang tidak diperiksa,
    2 bila tidak satu berkas pun terbaca, 3 bila rekap, JSON atau laporan tidak dapat ditulis.
    """

    def action() -> int:
        from lakip_xl.commands.rekap import run_rekap

        return run_rekap(
            paths, output, json_out, laporan, jobs=jobs, tahun=tahun, daftar=daftar, dask=dask, last_year=tahun_lalu
        )

    _run(action)


@app.command()
def diff(
    lama: Annotated[Path, typer.Argument(help="Versi lama lembar kerja .xlsx/.ods (tidak diubah).", **LAMA)],
    baru: Annotated[Path, typer.Argument(help="Versi baru (revisi) lembar kerja yang sama (tidak diubah).", **BARU)],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Selisih sebagai lembar kerja .xlsx.", **FILE)
    ] = None,
    json_out: Annotated[
        str | None, typer.Option("--json", metavar="BERKAS", help="Selisih sebagai JSON; '-' untuk layar.")
    ] = None,
) -> None:
    """Bandingkan dua versi lembar kerja satu unit: sel isian berubah, baris ditambah/dihapus, temuan audit.

    Temuan disebut selesai, baru atau masih ada. Keluar dengan kode 0 bila tidak ada selisih, 1 bila ada,
    2 bila berkas tidak dapat dipakai, 3 bila keluaran tidak dapat ditulis (diperiksa sebelum membandingkan).
    """
    from lakip_xl.commands.diffing import run_diff

    _run(lambda: run_diff(lama, baru, output, json_out))


app.command(name="serve")(serve_command(_run))  # FastAPI is imported only when serve runs


if __name__ == "__main__":  # pragma: no cover
    app()
