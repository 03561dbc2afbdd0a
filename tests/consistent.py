"""A consistent workbook of each profile: every table filled, every rule satisfied, derived cells left to formulas.

Built the way a unit fills the template: inputs typed, green cells left to their
formulas (``fill`` caches their recomputation). Every table of the profile holds
data, the tables agree with each other (Tabel 1-3, the L/P groups and the
sub-unit table count the same PNS; 2.2.2, 3.19/3.20 or Realisasi Anggaran hold
the same subkegiatan; 3.1 repeats 2.1.1, 2.1.2, 2.2.1 and the SKM and K3
sheets ...), and every number column is typed on at least two rows, so that a
single cell left empty does not make a column the unit does not print.
"""

from __future__ import annotations

from typing import Any

from lakip_xl.tables.skm_layanan import UNSUR

Rows = list[dict[str, Any]]

AKIP, IKM, K3, KONFLIK = (
    "Nilai AKIP Kecamatan",
    "Indeks Kepuasan Masyarakat",
    "Persentase Wilayah Tertib K3",
    "Jumlah Kasus Konflik Sosial",
)
GAJI, ATK, KOORD, PEMB = (
    "Penyediaan Gaji dan Tunjangan ASN",
    "Penyediaan Alat Tulis Kantor",
    "Koordinasi Kegiatan Pemerintahan",
    "Pemberdayaan Masyarakat Kelurahan",
)
M = 1_000_000  # a million rupiah
# (kode, name, program, murni, abt, realisasi, TW I-IV); jumlah = murni + abt = pagu = the sum of the TW
SUBS = (
    ("1.01.01", GAJI, 1, 900 * M, 100 * M, 950 * M, (250 * M, 250 * M, 250 * M, 250 * M)),
    ("1.01.02", ATK, 1, 250 * M, -50 * M, 180 * M, (50 * M, 60 * M, 50 * M, 40 * M)),
    ("2.01.01", KOORD, 2, 300 * M, 0, 280 * M, (100 * M, 100 * M, 50 * M, 50 * M)),
    ("2.01.02", PEMB, 2, 350 * M, 50 * M, 390 * M, (100 * M, 100 * M, 100 * M, 100 * M)),
)
PROGRAMS = {1: "Program Penunjang Urusan Pemerintahan", 2: "Program Penyelenggaraan Pemerintahan"}


def _identitas(profile: str) -> dict[str, Any]:
    rows: Rows = [
        {"kode": "unit", "nilai": "Kecamatan Uji" if profile == "kecamatan" else "Dinas Uji"},
        {"kode": "tahun", "nilai": 2024},
        {"kode": "renstra_awal", "nilai": 2024},
        {"kode": "renstra_akhir", "nilai": 2026},
        {"kode": "profil", "nilai": profile},
    ]
    return {"rows": rows}


def _staff() -> dict[str, Any]:
    return {
        "tabel_1": {"rows": [{"uraian": "PNS", "jumlah": 30}, {"uraian": "TKK", "jumlah": 12}]},
        "tabel_2": {"rows": [{"uraian": "Golongan IV", "jumlah": 5}, {"uraian": "Golongan III", "jumlah": 20},
                             {"uraian": "Golongan II", "jumlah": 5}]},
        "tabel_3": {"rows": [{"uraian": "S2", "pns": 5, "tkk": 2}, {"uraian": "S1", "pns": 20, "tkk": 6},
                             {"uraian": "SMA", "pns": 5, "tkk": 4}]},
        "tabel_4": {"rows": [{"uraian": "Eselon III.a", "jumlah": 1}, {"uraian": "Eselon IV.a", "jumlah": 3}]},
    }  # fmt: skip


def _iku(k3: bool) -> dict[str, Any]:
    """2.1.1, 2.1.2, 2.2.1, 3.1, 3.2-3.8, 3.3/3.7, 3.12, 3.13/3.14 for AKIP, IKM, konflik (turun) and K3."""
    iku = [  # name, arah, Renstra targets 1-3, realisasi, sumber, PK quarters
        (AKIP, "naik", ("70", "71", "72"), "74.85", None, ("70", "70", "70", "70")),
        (IKM, "naik", ("80", "84", "85"), "85.00", "IKM (SKM)", (None, "80", None, "80")),
        (KONFLIK, "turun", ("10", "8", "6"), "8", None, ("13", "12", "11", "10")),
    ]
    if k3:
        iku.append((K3, "naik", ("60", "70", "75"), "75.00", "Zona K3 (Tabel 3.10)", ("15", "30", "45", "60")))
    t2_1_1, t2_1_2, pk, t3_1, cmp, teks = [], [], [], [], [], []
    for n, (name, arah, targets, realisasi, sumber, tws) in enumerate(iku, start=1):
        years = {f"target_{k}": t for k, t in enumerate(targets, start=1)}
        t2_1_1.append({"no": str(n), "sasaran": "Sasaran", "indikator": name, **years})
        t2_1_2.append({"no": str(n), "indikator": name, "satuan": "Nilai", "arah": arah, **years})
        quarters = {f"tw{q}": v for q, v in enumerate(tws, start=1) if v is not None}
        pk.append({"jenis": "Sasaran Strategis", "indikator": name, "target": targets[0], **quarters})
        row = {"no": str(n), "indikator": name, "arah": arah, "target": targets[0], "realisasi": realisasi}
        t3_1.append(row | ({"sumber": sumber} if sumber else {}))
        tabel = ("3.2", "3.5", "3.8", "3.8")[n - 1]
        cmp.append({"tabel": tabel, "indikator": name, "arah": arah, "target_lalu": targets[0],
                    "realisasi_lalu": targets[1], "target": targets[0], "realisasi": realisasi,
                    "target_akhir_renstra": targets[2]})  # fmt: skip
        teks.append({"tabel": "3.13", "indikator": name, "keberhasilan": "Ada", "tindak_lanjut": "Ada"})
    program = [
        {"tabel": "3.3", "sasaran": "S", "indikator_sasaran": AKIP, "target_sasaran": "70", "program": PROGRAMS[1],
         "no": "1", "indikator": "Persentase laporan tepat waktu", "arah": "naik", "target": "100", "realisasi": "100"},
        {"tabel": "3.7", "sasaran": "S", "indikator_sasaran": IKM, "target_sasaran": "80", "program": PROGRAMS[2],
         "no": "2", "indikator": "Persentase pengaduan selesai", "arah": "naik", "target": "90", "realisasi": "95"},
    ]  # fmt: skip
    lalu = [{"program": PROGRAMS[p], "indikator": f"Indikator program {p}",
             **{f"th_{k}": str(60 + 5 * k + p) for k in range(1, 6)}, "capaian": "100"} for p in (1, 2)]  # fmt: skip
    return {
        "t2_1_1": {"rows": t2_1_1},
        "t2_1_2": {"rows": t2_1_2},
        "t2_2_1": {"rows": pk},
        "t3_1": {"rows": t3_1},
        "iku_perbandingan": {"rows": cmp},
        "indikator_program": {"rows": program},
        "t3_12": {"rows": lalu},
        "analisis_penyebab": {"rows": teks},
    }


def _skm() -> dict[str, Any]:
    """IKM 85,00: the NRR of the 9 unsur average 3,4."""
    nrr = ("3.400", "3.200", "3.600") * 3
    return {
        "skm_survei": {"rows": [{"kode": "jumlah_responden", "nilai": 100}, {"kode": "periode", "nilai": "TW IV"}]},
        "skm_responden": {"rows": [
            {"karakteristik": "Jenis kelamin", "indikator": "Laki-laki", "jumlah": 55},
            {"karakteristik": "Jenis kelamin", "indikator": "Perempuan", "jumlah": 45},
            {"karakteristik": "Pendidikan", "indikator": "SMA", "jumlah": 60},
            {"karakteristik": "Pendidikan", "indikator": "S1", "jumlah": 40},
        ]},
        "skm_unsur": {"rows": [{"kode": f"U{k}", "unsur": f"Unsur {k}", "nrr": v} for k, v in enumerate(nrr, 1)]},
        "skm_tren": {"rows": [{"periode": "2023", **{f"tw{q}": str(80 + q) for q in range(1, 5)}},
                              {"periode": "2024", **{f"tw{q}": str(82 + q) for q in range(1, 5)}}]},
    }  # fmt: skip


def _anggaran_222() -> Rows:
    rows: Rows = [{"level": "Unit", "uraian": "Unit Uji"}]
    for p, program in PROGRAMS.items():
        rows.append({"level": "Program", "uraian": program})
        rows.append({"level": "Kegiatan", "uraian": f"Kegiatan {p}"})
        for kode, name, prog, murni, abt, _, tws in SUBS:
            if prog == p:
                row = {"level": "Sub Kegiatan", "kode": kode, "uraian": name, "pagu": murni + abt}
                rows.append(row | {f"tw{q}": v for q, v in enumerate(tws, start=1)} | {"sumber_dana": "APBD"})
    return rows


def _realisasi(p: int) -> Rows:
    rows: Rows = [{"level": "Program", "uraian": PROGRAMS[p]}, {"level": "Kegiatan", "uraian": f"Kegiatan {p}"}]
    for kode, name, prog, murni, abt, realisasi, _ in SUBS:
        if prog == p:
            rows.append({"level": "Sub Kegiatan", "kode": kode, "uraian": name, "murni": murni, "abt": abt,
                         "realisasi": realisasi})  # fmt: skip
    return rows


def _sub(name: str) -> tuple[int, int, int]:
    """(jumlah, realisasi, program) of a subkegiatan."""
    for _, n, prog, murni, abt, realisasi, _ in SUBS:
        if n == name:
            return murni + abt, realisasi, prog
    raise KeyError(name)


def kecamatan() -> dict[str, Any]:
    """The kecamatan workbook: staff, IKU, SKM, K3 zones, budgets, 3.3 and the Penutup."""
    scores = {  # zone -> the five subkomponen; KET OK when each is at least 71: 3 of 4 zones, 75 %
        "Zona A": ("80", "80", "80", "80", "80"),
        "Zona B": ("75", "72", "78", "71", "90"),
        "Zona C": ("60", "80", "80", "80", "80"),
        "Zona D": ("85", "85", "85", "85", "85"),
    }
    keys = ("area_jalan", "drainase", "rth", "pkl", "spanduk")
    zones = [{"lokasi": z, **dict(zip(keys, s, strict=True))} for z, s in scores.items()]
    status = [{"lokasi": z, "status": "Belum Tertib K3" if z == "Zona C" else "Tertib K3"} for z in scores]
    gaji, gaji_real, _ = _sub(GAJI)
    jumlah = {p: sum(_sub(n)[0] for _, n, prog, *_ in SUBS if prog == p) for p in PROGRAMS}
    real = {p: sum(_sub(n)[1] for _, n, prog, *_ in SUBS if prog == p) for p in PROGRAMS}
    keuangan = [
        {"kode": "btl", "anggaran": gaji, "realisasi": gaji_real},
        {"kode": "bl_penunjang", "anggaran": jumlah[1] - gaji, "realisasi": real[1] - gaji_real},
        {"kode": "bl_urusan", "anggaran": jumlah[2], "realisasi": real[2]},
    ]
    total_real, total = real[1] + real[2], jumlah[1] + jumlah[2]
    penutup = [
        {"kode": "program", "klaim": 2},
        {"kode": "kegiatan", "klaim": 2},
        {"kode": "subkegiatan", "klaim": 4},
        {"kode": "realisasi_anggaran", "klaim": total_real},
        {"kode": "persen_realisasi_keuangan", "klaim": f"{total_real * 100 / total:.2f}"},
        {"kode": "realisasi_fisik", "klaim": "100"},
    ]
    efisiensi = [
        {"tabel": "3.15", "indikator": AKIP, "capaian": "106.93", "subkegiatan": ATK},
        {"tabel": "3.17", "indikator": K3, "capaian": "125", "subkegiatan": KOORD},
    ]
    return {
        "identitas": _identitas("kecamatan"),
        **_staff(),
        **_iku(k3=True),
        **_skm(),
        "t2_2_2": {"rows": _anggaran_222()},
        "t3_10": {"rows": zones},
        "t3_16": {"rows": status},
        "efisiensi_indikator": {"rows": efisiensi},
        "t3_19": {"rows": _realisasi(1)},
        "t3_20": {"rows": _realisasi(2)},
        "akuntabilitas_keuangan": {"rows": keuangan},
        "penutup": {"rows": penutup},
    }


def opd() -> dict[str, Any]:
    """The OPD workbook: staff by L/P, sub-unit and post, capaian tables, SKM per layanan, DPA realisation."""
    lp = [
        {"level": "Kelompok", "uraian": "Menurut golongan", "cakupan": "PNS"},
        {"level": "Rincian", "uraian": "Golongan III", "laki": 10, "perempuan": 8},
        {"level": "Rincian", "uraian": "Golongan IV", "laki": 7, "perempuan": 5},
        {"level": "Kelompok", "uraian": "Menurut pendidikan", "cakupan": "PNS"},
        {"level": "Rincian", "uraian": "S1", "laki": 12, "perempuan": 9},
        {"level": "Rincian", "uraian": "S2", "laki": 5, "perempuan": 4},
    ]
    subunit = [
        {"uraian": "Sekretariat", "cakupan": "PNS", "s1_l": 8, "s1_p": 5, "s2_l": 2, "s2_p": 2},
        {"uraian": "Bidang A", "s1_l": 4, "s1_p": 4, "s2_l": 3, "s2_p": 2},
    ]
    jabatan = [
        {"uraian": "Kepala Seksi", "formasi": 10, "terisi": 8, "sesuai": 6},
        {"uraian": "Analis", "formasi": 5, "terisi": 5, "sesuai": 5},
    ]
    ck = [
        {"tabel": "Ikhtisar", "indikator": "Angka Kematian Ibu", "arah": "turun", "target": "90", "realisasi": "85"},
        {"tabel": "Ikhtisar", "indikator": "Prevalensi stunting", "arah": "turun", "target": "16", "realisasi": "15.2"},
        {"tabel": "Ikhtisar", "indikator": "Cakupan imunisasi", "arah": "naik", "target": "95", "realisasi": "96"},
        {"tabel": "Bab III", "indikator": "Angka Kematian Ibu", "arah": "turun", "target": "90", "realisasi": "85"},
    ]  # fmt: skip
    years = ("n4", "n3", "n2", "n1", "n")
    tahunan = [{"level": "Sasaran", "uraian": "Meningkatnya derajat kesehatan"}]
    for name, arah, base in (("Angka Kematian Ibu", "turun", 100), ("Cakupan imunisasi", "naik", 85)):
        step = -2 if arah == "turun" else 2
        row = {"level": "Indikator", "uraian": name, "arah": arah, "target_akhir": str(base + 6 * step)}
        for k, y in enumerate(years):
            row |= {f"target_{y}": str(base + k * step), f"realisasi_{y}": str(base + k * step + 1)}
        tahunan.append(row)
    layanan: Rows = []
    for u, unit in enumerate(("Puskesmas A", "Puskesmas B")):
        layanan.append({"level": "Unit Layanan", "uraian": unit})
        for j in range(2):
            nrr = {k: f"3.{(u + j + n) % 5 + 2}00" for n, k in enumerate(UNSUR)}
            layanan.append({"level": "Layanan", "uraian": f"Layanan {u}.{j}", "responden": 40 + 10 * j, **nrr})
    mentah = [
        {"kode": f"U{k}", "unsur": f"Unsur {k}", "jumlah_nilai": 300 + 5 * k, "responden": 100} for k in range(1, 10)
    ]
    ra: Rows = []
    for p, program in PROGRAMS.items():
        ra += [{"level": "Program", "uraian": program}, {"level": "Kegiatan", "uraian": f"Kegiatan {p}"}]
        for kode, name, prog, murni, abt, realisasi, _ in SUBS:
            if prog == p:
                ra.append({"level": "Sub Kegiatan", "kode": kode, "uraian": name, "dpa": murni,
                           "anggaran": murni + abt, "realisasi": realisasi, "fisik": "100"})  # fmt: skip
    bulanan = []
    for kode, name in (("1.01.01", GAJI), ("2.01.01", KOORD)):
        real = _sub(name)[1]
        months = [real // 12] * 11
        bulanan.append({"kode": kode, "uraian": name, **dict(zip(BULAN, [*months, real - sum(months)], strict=True))})
    return {
        "identitas": _identitas("opd"),
        **_staff(),
        **_iku(k3=False),
        **_skm(),
        "pegawai_lp": {"rows": lp},
        "pegawai_subunit": {"rows": subunit},
        "kompetensi_jabatan": {"rows": jabatan},
        "t2_2_2": {"rows": _anggaran_222()},
        "capaian_kinerja": {"rows": ck},
        "iku_tahunan": {"rows": tahunan},
        "skm_layanan": {"rows": layanan},
        "skm_mentah": {"rows": mentah},
        "realisasi_anggaran": {"rows": ra},
        "realisasi_bulanan": {"rows": bulanan},
    }


BULAN = ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des")
