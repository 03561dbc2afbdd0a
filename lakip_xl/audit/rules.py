"""Rule codes: derived-cell rules come from the specs, the rest are listed here.

Codes are stable: renaming one is a breaking change for users who filter on
them. ``python -m lakip_xl.audit.rules_doc`` prints docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A rule that is not a derived cell of a spec."""

    code: str
    severity: str
    title: str
    formula: str
    source: str


RULES: tuple[Rule, ...] = (
    Rule(
        "LEMBAR.GANDA",
        "error",
        "Satu tabel di dua lembar",
        "two sheets carry the same table (the template's sheet name, or its title in A1): the first is read, "
        "the others are named",
        "issue #13 item 15",
    ),
    Rule(
        "SEL.TANGGAL",
        "error (number column), warning (text column)",
        "Tanggal di tempat angka atau teks",
        "no table column holds a date: a date or time in a number column is a number in a date format (the "
        "message gives what the cell shows and the number it holds; the cell is not used); in a text column it "
        "is text such as 1.02 that Excel turned into a date, kept as shown (01-02-2024), never converted "
        "silently; export refuses both, naming the cell",
        "issue #13 item 10",
    ),
    Rule("SEL.GALAT", "error", "Sel berisi nilai galat", "cell holds #REF!, #DIV/0!, #VALUE! ...", "issue #3"),
    Rule(
        "SEL.ANGKA_TEKS",
        "error",
        "Angka diketik sebagai teks merusak rumus",
        "an input holding a number as text, read by a formula cell whose value changes without it "
        "(SUM, SUMIFS and N() skip text); the formula cells are its related cells, not findings of their own",
        "issue #10 item 5",
    ),
    Rule(
        "SEL.FORMAT_PERSEN",
        "error",
        "Isian berformat persen merusak rumus",
        "an input in a % format (shows 80,96 %, holds 0,8096) read by a formula cell whose value changes "
        "with it; the formula cells are its related cells",
        "issue #10 item 5",
    ),
    Rule(
        "SEL.EKSTERNAL",
        "error",
        "Rumus merujuk ke workbook lain",
        "a formula refers to another workbook ([1]Sheet!A1); its value is not used",
        "issue #5",
    ),
    Rule(
        "SEL.GABUNG",
        "warning",
        "Sel digabung di dalam tabel",
        "a merged range reaches into the data rows; only its top-left cell is read",
        "issue #5",
    ),
    Rule(
        "SEL.DI_LUAR_TABEL",
        "error",
        "Data di luar tabel tidak dibaca",
        "a cell below the table's end (the end mark or the Jumlah line), or on that line beside what it holds, "
        "is not empty: it is not read",
        "issue #10",
    ),
    Rule(
        "SEL.KOLOM_TAK_DIKENAL",
        "error",
        "Data di kolom yang tidak dikenal tidak dibaca",
        "a data row holds a value in a column whose header is none of the table's (right of the table, "
        "inserted, or renamed): it is not read",
        "issue #10",
    ),
    Rule(
        "SEL.BARIS_TAK_DIKENAL",
        "error",
        "Baris yang tidak dikenal tidak dibaca",
        "a row of a fixed-row table (Identitas, Parameter, 3.3, Penutup ...) whose kode is none of the "
        "table's rows holds values: it is not read",
        "issue #10",
    ),
    Rule(
        "SEL.TANPA_CACHE",
        "info",
        "Rumus tanpa hasil tersimpan",
        "formula cells with no cached value are recomputed (file saved by a program)",
        "issue #3",
    ),
    Rule("LEMBAR.HILANG", "warning", "Lembar tabel tidak ada", "a table's sheet is missing", "template"),
    Rule(
        "HITUNG.TAK_TERHITUNG",
        "warning",
        "Nilai turunan tidak dapat dihitung",
        "a number is typed where every input is typed but they give no number: a target (or anggaran, or total) "
        "of 0 has no ratio; the message names the inputs that are 0 and asks for n/a",
        "DOMAIN.md Capaian",
    ),
    Rule(
        "HITUNG.TANPA_ISIAN",
        "info",
        "Nilai turunan diketik tanpa isiannya",
        "derived values typed where an input they read is empty (a capaian printed without target and realisasi, "
        "an IKM without its NRR): one per table, listing those cells (related, each marked in the report) and "
        "the empty inputs; not checked, the verdict unchanged",
        "issue #18 item 4",
    ),
    Rule(
        "HITUNG.ISIAN_KOSONG",
        "warning",
        "Nilai turunan menjumlah sel kosong",
        "a typed value disagrees with a sum over an input left empty or n/a (never 0; nihil is 0, or - in rupiah "
        "and counts) that could make up the difference: the empty cell is named; a sum past it stays a galat",
        "issue #18 item 3",
    ),
    Rule(
        "HITUNG.KOSONG",
        "warning",
        "Sel turunan kosong tanpa rumus",
        "a derived cell of a filled row (or of the Jumlah line) holds neither a value nor a formula, "
        "e.g. a row inserted without its formulas: the printed table shows a blank where a number belongs",
        "issue #13",
    ),
    Rule(
        "HITUNG.KOSONG_DIBACA",
        "error",
        "Sel turunan kosong yang dibaca rumus lain",
        "a derived cell left blank without its formula (e.g. a Kegiatan row inserted empty and only its "
        "subkegiatan typed) that other formulas read: the sums above it come out short. The finding stands at the "
        "blank cell and names the formula cells it breaks as related cells; they have no finding of their own",
        "issue #18",
    ),
    Rule(
        "PEMBULATAN.PAKSA",
        "warning",
        "Persentase dibulatkan paksa",
        "share off by one unit of its last decimal in a column whose typed shares sum to 100",
        "DOMAIN.md",
    ),
    Rule(
        "VALIDASI.TIPE",
        "error",
        "Isian bukan angka",
        "a numeric cell holds text that is not a number (a fixed row's value by that row's kind: tahun, "
        "Parameter, jumlah responden)",
        "pandera schema",
    ),
    Rule("VALIDASI.BULAT", "error", "Rupiah/jumlah tidak bulat", "money and counts are whole numbers", "DOMAIN.md"),
    Rule(
        "VALIDASI.RENTANG",
        "error",
        "Nilai di luar rentang",
        "money 0..10^15 (ABT -10^15..10^15), counts 0..10^9, K3 score 30-90, NRR 1-4, % >= 0; fixed rows "
        "narrower: years 2000-2099, bobot IKM 0,01-1, jumlah responden >= 1",
        "Tabel 3.9; PermenPANRB 14/2017",
    ),
    Rule("VALIDASI.WAJIB", "error", "Isian wajib kosong", "a required column is empty on a data row", "template"),
    Rule(
        "VALIDASI.PILIHAN",
        "error",
        "Pilihan tidak dikenal",
        "a dropdown column (or a Parameter with a list, rumus_turun) holds a value off its list",
        "template",
    ),
    Rule(
        "VALIDASI.KODE_GANDA",
        "error",
        "Kode ganda",
        "the same kode twice in a budget table; or a fixed row's kode on a second row (the first is read, "
        "the second named, its cells not read)",
        "template; issue #13 item 16",
    ),
    Rule(
        "IDENTITAS.PROFIL",
        "warning",
        "Profil kosong",
        "Identitas profil is blank or its row deleted in a workbook holding more of an OPD's own tables than of a "
        "kecamatan's: the workbook is checked as an OPD's (no kecamatan sheet is called missing), and this one "
        "finding names the cell to fill (blank, a kecamatan workbook is what it was before profiles: no finding)",
        "issue #19 R12",
    ),
    Rule(
        "PARAMETER.TABEL_WAJIB",
        "error",
        "Tabel wajib tidak dikenal",
        "every comma-separated token of Parameter tabel_wajib names a report table (its seed number)",
        "docs/verdict.md",
    ),
    Rule(
        "VALIDASI.URUTAN",
        "error",
        "Urutan tingkat salah",
        "a row below the outermost level the table uses with no row of an outer level above it "
        "(a Kegiatan under the Unit with no Program rows at all is accepted)",
        "Tabel 2.2.2, 3.19, 3.20",
    ),
    Rule(
        "VALIDASI.LOMPAT_TINGKAT",
        "error",
        "Baris melompati tingkat yang dipakai kelompoknya",
        "a row skips a level (e.g. a Sub Kegiatan straight under its Program) while its parent's group "
        "also has rows of that level: the sum over the group's outermost level would leave it out; a "
        "group that does not use the level at all (a sub-unit with Kegiatan but no Program rows) is accepted",
        "Tabel 2.2.2, 3.19, 3.20, Realisasi Anggaran",
    ),
    Rule(
        "T2_2_2.PAGU_TW",
        "error (warning over an empty input)",
        "Pagu subkegiatan tidak sama dengan jumlah triwulan",
        "pagu = TW I + TW II + TW III + TW IV",
        "DOMAIN.md Tabel 2.2.2",
    ),
    Rule(
        "T2_2_1.TW_AKHIR",
        "error (warning over an empty input)",
        "Target triwulan terakhir tidak sama dengan target tahunan",
        "the last filled quarterly target = annual target",
        "DOMAIN.md Tabel 2.2.1",
    ),
    Rule(
        "T2_2_1.KUMULATIF",
        "error",
        "Target kumulatif bergerak melawan arah indikator",
        "quarterly targets move in the arah: never fall (naik), never rise (turun: AKI 95, 93, 91, 90); the row's "
        "arah, else the same indicator's by name in 2.1.2, 3.1, 3.2-3.8, Capaian Kinerja, IKU Lima Tahun, 3.3/3.7",
        "DOMAIN.md Tabel 2.2.1, Capaian; issue #18 item 2",
    ),
    Rule(
        "T2_2_1.ARAH",
        "warning",
        "Target triwulan turun, arah indikator tidak diisi",
        "2.2.1: targets that only fall, no arah anywhere: one warning asking for arah 'turun', not a galat each",
        "issue #18 item 2",
    ),
    Rule(
        "REALISASI.MELEBIHI",
        "warning",
        "Realisasi melebihi anggaran",
        "realisasi > jumlah (3.19/3.20)",
        "DOMAIN.md Tabel 3.19",
    ),
    Rule(
        "SKM.RESPONDEN",
        "error (warning over an empty input)",
        "Jumlah responden per karakteristik tidak sama dengan jumlah responden",
        "sum of counts of one karakteristik = jumlah responden",
        "DOMAIN.md SKM",
    ),
    Rule(
        "LINTAS.PEGAWAI",
        "error (warning over an empty input)",
        "Tabel 1, 2, 3 tidak sepakat",
        "Tabel 2 total = PNS of Tabel 1; Tabel 3 totals (jumlah, PNS, TKK) = Tabel 1; without Tabel 1, "
        "Tabel 2 total = PNS total of Tabel 3",
        "DOMAIN.md Tabel 1-3",
    ),
    Rule(
        "PEGAWAI.CAKUPAN",
        "error (warning over an empty input)",
        "Kelompok pegawai dengan cakupan sama berjumlah beda",
        "Pegawai L/P: groups naming the same cakupan (e.g. PNS) have equal L, P and jumlah (a jumlah off by "
        "exactly the L and P differences is named in their finding, not counted again); a group's jumlah = "
        "the Tabel 1 row named like its cakupan, when Tabel 1 is filled",
        "issue #11 (staffing tables sharing a total)",
    ),
    Rule(
        "RENSTRA.TAHUN_LEBIH",
        "warning",
        "Target untuk tahun di luar periode Renstra",
        "2.1.1/2.1.2: target tahun ke-k is empty for every k past renstra_akhir - renstra_awal + 1",
        "issue #11 (Renstra of 5 or 6 years)",
    ),
    Rule(
        "PEGAWAI.SESUAI",
        "error (warning over an empty input)",
        "Pejabat sesuai kompetensi melebihi yang terisi",
        "Kompetensi Jabatan: sesuai <= terisi on every row and on the Jumlah line",
        "issue #11 (qualified officials cannot exceed posts)",
    ),
    Rule(
        "LINTAS.BULANAN",
        "error (warning over an empty input)",
        "Realisasi bulanan tidak sama dengan realisasi anggaran",
        "Realisasi Bulanan: sum of the months of a row = realisasi of the Realisasi Anggaran row with the same "
        "kode (else the same name)",
        "issue #11 (monthly realisation)",
    ),
    Rule(
        "LINTAS.CAPAIAN",
        "error",
        "Indikator yang sama, angka beda antar tabel",
        "Capaian Kinerja: an indicator (same text and satuan) printed in two tables has the same target and "
        "realisasi in both",
        "DOMAIN.md (figures that differ between tables)",
    ),
    Rule(
        "LINTAS.PAGU",
        "error (warning over an empty input)",
        "Pagu 2.2.2 tidak sama dengan anggaran di tabel realisasi",
        "the budget of a subkegiatan in the profile's realisasi table = its pagu (2.2.2), matched by kode, else by "
        "name: jumlah of 3.19/3.20 (kecamatan), anggaran setelah perubahan of Realisasi Anggaran (opd)",
        "DOMAIN.md Tabel 3.19",
    ),
    Rule(
        "LINTAS.SUBKEGIATAN_HILANG",
        "error",
        "Subkegiatan hanya ada di satu tabel",
        "every subkegiatan of 2.2.2 appears in the profile's realisasi table (3.19/3.20, or Realisasi Anggaran) "
        "and back",
        "DOMAIN.md Tabel 3.19",
    ),
    Rule(
        "LINTAS.NAMA_BERBEDA",
        "warning",
        "Nama subkegiatan berbeda antar tabel",
        "subkegiatan matched by a similar, not identical, name",
        "DOMAIN.md",
    ),
    Rule(
        "LINTAS.IKU",
        "error",
        "Tabel 3.2/3.5/3.8 tidak sepakat dengan Tabel 3.1",
        "target, realisasi and capaian of this year equal those of 3.1 (opposite arah: one finding at the arah)",
        "DOMAIN.md Tabel 3.2",
    ),
    Rule(
        "LINTAS.TARGET_RENSTRA",
        "error",
        "Target tidak sama dengan Renstra (2.1.1)",
        "target of this year = 2.1.1 target of (tahun - awal + 1); target akhir = last Renstra year",
        "DOMAIN.md Tabel 3.2",
    ),
    Rule(
        "LINTAS.TARGET_PK",
        "error",
        "Target 3.1 tidak sama dengan Perjanjian Kinerja (2.2.1)",
        "target (3.1) = annual target (2.2.1)",
        "DOMAIN.md Tabel 2.2.1",
    ),
    Rule(
        "LINTAS.IKM",
        "error (warning over an empty input)",
        "Realisasi IKM tidak sama dengan IKM unit layanan (SKM)",
        "realisasi of the IKM indicator = IKM unit of the SKM sheet filled: SKM Unsur, SKM Layanan (Rata-rata) "
        "or SKM Nilai Mentah (any one filled agrees)",
        "DOMAIN.md SKM",
    ),
    Rule(
        "LINTAS.K3",
        "error (warning over an empty input)",
        "Realisasi K3 tidak sama dengan zona OK / seluruh zona",
        "realisasi of the K3 indicator = OK zones / all zones x 100 (3.10)",
        "DOMAIN.md Tabel 3.10",
    ),
    Rule(
        "LINTAS.ZONA",
        "error",
        "Status zona (3.16) tidak sesuai nilai zona (3.10)",
        "Tertib K3 <=> KET OK",
        "DOMAIN.md Tabel 3.16",
    ),
    Rule(
        "LINTAS.KEUANGAN",
        "error (warning over an empty input)",
        "Akuntabilitas keuangan (3.3) tidak sama dengan 3.19/3.20",
        "BTL = gaji subkegiatan; BL penunjang = program penunjang - BTL; BL urusan = programs of 3.20",
        "DOMAIN.md section 3.3",
    ),
    Rule(
        "PENUTUP.KLAIM",
        "error (warning over an empty input)",
        "Angka di teks tidak sama dengan tabel",
        "claimed counts and realisasi = those computed from 2.2.2, 3.19, 3.20",
        "DOMAIN.md Penutup",
    ),
    Rule(
        "TEKS.KOSONG",
        "warning",
        "Analisis penyebab kosong",
        "3.13/3.14 text exists for every IKU of 3.1",
        "DOMAIN.md Tabel 3.13",
    ),
)

BY_CODE: Mapping[str, Rule] = {r.code: r for r in RULES}
