"""Tabel 3.1-3.8, 3.12-3.15, 3.17: capaian of IKU and program indicators."""

from decimal import Decimal

from lakip_xl.model.compare import fold_spaces
from lakip_xl.model.gaps import additive
from lakip_xl.model.numbers import NOT_MEASURED, as_decimal, is_not_measured, sum_values
from lakip_xl.model.spec import CellRefs, Compute, Formula, Kind, RowValues, TableSpec, Value
from lakip_xl.tables._common import (
    ARAH,
    SATUAN,
    capaian,
    derived,
    enum,
    kategori_capaian,
    measured,
    not_measured,
    ratio_percent,
    text,
)
from lakip_xl.tables.anggaran import BUDGET_TABLES

SUMBER_REALISASI = ("IKM (SKM)", "Zona K3 (Tabel 3.10)")
_ARAH = enum("arah", "Arah", ARAH, 8, help="naik: makin besar makin baik; turun: makin kecil makin baik")

T3_1 = TableSpec(
    id="t3_1",
    seed="3.1",
    sheet="3.1 Capaian IKU",
    title="Tabel 3.1 Perbandingan Pencapaian Indikator Kinerja Utama",
    description="Target dan realisasi tiap IKU tahun ini; capaian % dihitung sesuai arah indikator.",
    columns=(
        text("no", "No", 5),
        text("indikator", "Indikator Kinerja Utama (IKU)", 36, required=True),
        enum("satuan", "Satuan", SATUAN, 10, strict=False),
        _ARAH,
        enum(
            "sumber",
            "Realisasi dihitung dari",
            SUMBER_REALISASI,
            18,
            help="Isi bila realisasi IKU dihitung dari tabel lain: dicocokkan oleh audit.",
            strict=False,
        ),
        measured("target", "Target"),
        measured("realisasi", "Realisasi"),
        derived("capaian", "Capaian (%)", Kind.PERCENT, capaian("target", "realisasi", "arah"), measure=True),
    ),
    blank_rows=5,
    report_columns=(kategori_capaian("capaian"),),
)

IKU_PERBANDINGAN = TableSpec(
    id="iku_perbandingan",
    seed="3.2, 3.5, 3.8",
    sheet="3.2-3.5-3.8 Perbandingan",
    title="Tabel 3.2, 3.5, 3.8 Capaian IKU Tahun Lalu, Tahun Ini dan Target Akhir Renstra",
    description="Satu baris per IKU (kolom Tabel = nomor tabel di laporan); kedua capaian dihitung.",
    columns=(
        enum("tabel", "Tabel", ("3.2", "3.5", "3.8"), 7, strict=False),
        text("no", "No", 5),
        text("sasaran", "Sasaran Strategis", 28),
        text("indikator", "Indikator Kinerja Utama", 30, required=True),
        _ARAH,
        measured("target_lalu", "Target tahun lalu"),
        measured("realisasi_lalu", "Realisasi tahun lalu"),
        derived(
            "capaian_lalu",
            "Capaian tahun lalu (%)",
            Kind.PERCENT,
            capaian("target_lalu", "realisasi_lalu", "arah"),
            measure=True,
        ),
        measured("target", "Target tahun ini"),
        measured("realisasi", "Realisasi tahun ini"),
        derived("capaian", "Capaian tahun ini (%)", Kind.PERCENT, capaian("target", "realisasi", "arah"), measure=True),
        measured("target_akhir_renstra", "Target akhir Renstra"),
    ),
    blank_rows=3,
    table_key="tabel",
    report_columns=(
        kategori_capaian("capaian_lalu", "Kategori capaian tahun lalu"),
        kategori_capaian("capaian", "Kategori capaian tahun ini"),
    ),
)

INDIKATOR_PROGRAM = TableSpec(
    id="indikator_program",
    seed="3.3, 3.7",
    sheet="3.3-3.7 Indikator Program",
    title="Tabel 3.3 dan 3.7 Capaian Program dan Indikator Program",
    description="Indikator program yang menunjang tiap sasaran: target, realisasi; capaian % dihitung.",
    columns=(
        enum("tabel", "Tabel", ("3.3", "3.7"), 7, strict=False),
        text("sasaran", "Sasaran", 24),
        text("indikator_sasaran", "Indikator Sasaran", 24),
        enum("satuan_sasaran", "Satuan sasaran", SATUAN, 10, strict=False),
        measured("target_sasaran", "Target sasaran"),
        text("program", "Program", 28),
        text("no", "No", 5),
        text("indikator", "Indikator Program", 30, required=True),
        enum("satuan", "Satuan", SATUAN, 10, strict=False),
        _ARAH,
        measured("target", "Target"),
        measured("realisasi", "Realisasi"),
        derived("capaian", "Capaian (%)", Kind.PERCENT, capaian("target", "realisasi", "arah"), measure=True),
    ),
    blank_rows=8,
    table_key="tabel",
    report_columns=(kategori_capaian("capaian"),),
)

T3_12 = TableSpec(
    id="t3_12",
    seed="3.12",
    sheet="3.12 Renstra Lalu",
    title="Tabel 3.12 Perbandingan Realisasi Kinerja dengan Target Renstra Periode Lalu",
    description="Target indikator program tiap tahun Renstra lalu dan capaian; tanpa kolom hitungan.",
    columns=(
        text("program", "Program", 28),
        text("sasaran_program", "Sasaran Program", 28),
        text("indikator", "Indikator Program", 30, required=True),
        *(measured(f"th_{i}", f"Target tahun ke-{i}") for i in range(1, 6)),
        measured("capaian", "Capaian"),
    ),
    blank_rows=7,
)

ANALISIS_PENYEBAB = TableSpec(
    id="analisis_penyebab",
    seed="3.13, 3.14",
    sheet="3.13-3.14 Analisis",
    title="Tabel 3.13 dan 3.14 Analisis Penyebab Keberhasilan/Kegagalan dan Alternatif Solusi",
    description="Teks analisis per IKU; audit hanya memeriksa teks tidak kosong bila indikatornya ada.",
    columns=(
        enum("tabel", "Tabel", ("3.13", "3.14"), 7, strict=False),
        text("sasaran", "Sasaran Strategis", 24),
        text("indikator", "Indikator Kinerja Utama", 24, required=True),
        text("realisasi", "Realisasi", 12),
        text("keberhasilan", "Penyebab Keberhasilan/Peningkatan", 45),
        text("kegagalan", "Penyebab Kegagalan/Penurunan", 45),
        text("tindak_lanjut", "Tindak Lanjut", 40),
    ),
    blank_rows=4,
    table_key="tabel",
)


def _efisiensi_formula(r: CellRefs) -> str:
    cap, pen = r.cell("capaian"), r.cell("penyerapan")
    return f'IF({not_measured(cap)},"{NOT_MEASURED}",IF(OR({cap}="",{pen}=""),"",ROUND(MIN({cap},100)-{pen},2)))'


def _efisiensi_compute(v: RowValues) -> Value:
    if is_not_measured(v.v("capaian")):
        return NOT_MEASURED
    cap, pen = as_decimal(v.v("capaian")), as_decimal(v.v("penyerapan"))
    if cap is None or pen is None:
        return None
    return min(cap, Decimal(100)) - pen


def budget_lookup(key: str) -> tuple[Formula, Compute]:
    """Column ``key`` of the 3.19/3.20 row whose uraian is this row's subkegiatan."""

    def formula(r: CellRefs) -> str:
        name = r.cell("subkegiatan")
        sums = "+".join(f"SUMIFS({r.column_of(t, key)},{r.column_of(t, 'uraian')},{name})" for t in BUDGET_TABLES)
        counts = "+".join(f"COUNTIFS({r.column_of(t, 'uraian')},{name})" for t in BUDGET_TABLES)
        return f'IF(OR({name}="",{counts}=0),"",{sums})'

    def compute(v: RowValues) -> Value:
        wanted = fold_spaces(v.v("subkegiatan"))
        if not wanted:
            return None
        found = [
            v.effective_of(t, i, key)
            for t in BUDGET_TABLES
            for i, row in enumerate(v.rows_of(t))
            if fold_spaces(row.get("uraian")) == wanted
        ]
        return sum_values(found) if found else None

    return additive((formula, compute))


EFISIENSI_INDIKATOR = TableSpec(
    id="efisiensi_indikator",
    seed="3.15, 3.17",
    sheet="3.15-3.17 Efisiensi",
    title="Tabel 3.15 dan 3.17 Analisis Tingkat Efisiensi per Indikator",
    description=(
        "Tingkat efisiensi = min(capaian, 100) - % penyerapan anggaran; anggaran dan realisasi "
        "diambil dari Tabel 3.19/3.20 menurut nama subkegiatan (atau kegiatan) penunjang."
    ),
    columns=(
        enum("tabel", "Tabel", ("3.15", "3.17"), 7, strict=False),
        text("sasaran", "Sasaran Strategis", 24),
        text("indikator", "Indikator Kinerja", 26, required=True),
        measured("capaian", "% Capaian Kinerja"),  # a decimal: a turun capaian (2 x target - realisasi) may be < 0
        text("subkegiatan", "Subkegiatan penunjang", 34),
        derived("anggaran", "Anggaran (Rp)", Kind.MONEY, budget_lookup("jumlah"), width=17),
        derived("realisasi", "Realisasi (Rp)", Kind.MONEY, budget_lookup("realisasi"), width=17),
        derived("penyerapan", "% Penyerapan Anggaran", Kind.PERCENT, ratio_percent("realisasi", "anggaran")),
        derived(
            "efisiensi", "% Tingkat Efisiensi", Kind.PERCENT, (_efisiensi_formula, _efisiensi_compute), measure=True
        ),
    ),
    blank_rows=4,
    table_key="tabel",
)
