"""The Petunjuk (instructions) sheet, in Bahasa Indonesia."""

from __future__ import annotations

from collections.abc import Sequence

from xlsxwriter.workbook import Workbook

from lakip_xl.io.styles import LEGEND, Styles, row_height
from lakip_xl.model.spec import TableSpec

SHEET = "Petunjuk"
PROSE = 0.95  # characters per unit of column width of prose wrapped at word ends (a conservative estimate)

STEPS = (
    "1. Isi lembar Identitas dulu (nama unit, kota, tahun laporan, periode Renstra).",
    "2. Isi setiap lembar tabel seperti tabel di laporan LAKIP. Ketik angka tanpa pemisah ribuan: "
    "9974700000, desimal dengan pemisah desimal komputer Anda (74,85 bila pengaturan wilayahnya "
    "Indonesia, 74.85 bila Inggris/AS); persen ditulis sebagai angka (75 berarti 75 %). Titik ribuan "
    "(9.974.700.000) hanya dibaca sebagai angka bila pengaturan wilayah komputer Indonesia; selain itu "
    "tersimpan sebagai teks (rata kiri) dan tidak ikut terjumlah di lembar: hapus titiknya. Audit "
    "menyebut setiap angka yang tersimpan sebagai teks.",
    "   Tidak diukur: bila sebuah angka tidak diukur, ketik n/a (atau tidak diukur), bukan 0; capaian yang "
    "dihitung darinya ikut menjadi n/a. Nihil: di kolom rupiah dan jumlah orang ketik 0 atau - (di kolom lain "
    "- berarti tidak diukur). Sel kosong berarti belum diisi, tidak dianggap 0: jumlah yang memuatnya tidak "
    "dapat diperiksa penuh dan audit menyebut selnya.",
    "3. Sel hijau berisi rumus (jumlah, persentase, capaian, IKM{zona}). Lembar diproteksi "
    "tanpa kata sandi: bila laporan cetak Anda memuat angka lain, buka proteksi "
    "(Tinjau > Buka Proteksi Lembar) dan ketik angka dari laporan; audit akan membandingkannya.",
    "4. Menyisipkan baris (baris kosong template habis, atau program, kegiatan atau subkegiatan "
    "tambahan): baris baru tidak membawa rumus sel hijau, dan sel terkunci tidak dapat ditempeli selama "
    "lembar diproteksi. Caranya: (a) Tinjau > Buka Proteksi Lembar (tanpa kata sandi); (b) klik kanan "
    "nomor baris data tempat baris baru, pilih Sisipkan; (c) klik nomor baris lain dengan Tingkat yang "
    "sama (mis. Kegiatan), Ctrl+C, lalu klik nomor baris baru, Ctrl+V: rumusnya ikut; (d) ketik isian "
    "kuning baris baru di atas salinannya; (e) Tinjau > Proteksi Lembar bila ingin dikunci lagi. "
    "Pada lembar {bertingkat} baris induk menjumlah baris di bawahnya sampai baris berikutnya yang "
    "setingkat atau lebih tinggi (kolom Tingkat), jadi kelompok baru boleh disisipkan di atas, di "
    "antara atau di bawah kelompok lain, asalkan di atas baris akhir tabel. Baris induk yang diketik "
    "tanpa rumus: ketik juga jumlahnya; sel hijau yang tertinggal kosong disebut audit. Agar tidak "
    "perlu menyisipkan, buat template dengan jumlah program, kegiatan dan subkegiatan unit Anda "
    "(lakip-xl template --program 5 --kegiatan 15 --subkegiatan 40).",
    "5. Jangan mengubah judul kolom (baris 4) dan nama lembar; bila terlanjur, audit mencari lembar "
    "dari judulnya di sel A1.",
    "6. Simpan sebagai .xlsx, lalu jalankan audit:  lakip-xl audit NAMA_FILE.xlsx",
    "   Hasilnya: daftar temuan di layar dan file laporan untuk Bappeda. File Anda tidak diubah.",
)


def write_petunjuk(workbook: Workbook, styles: Styles, specs: Sequence[TableSpec]) -> None:
    """Add the Petunjuk sheet: steps, colour legend and the list of sheets."""
    ws = workbook.add_worksheet(SHEET)
    widths = (30, 22, 100)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    whole = sum(widths)
    ws.write_string(0, 0, "Petunjuk Pengisian Lembar Kerja LAKIP", styles.title)
    row = 2
    ws.write_string(row, 0, "Langkah", styles.bold)
    row += 1
    quoted = [f"'{spec.sheet}'" for spec in specs if spec.hierarchy is not None]
    names = " dan ".join(part for part in (", ".join(quoted[:-1]), "".join(quoted[-1:])) if part)
    zona = ", KET zona" if any(spec.id == "t3_10" for spec in specs) else ""
    for template in STEPS:
        step = template.replace("{bertingkat}", names).replace("{zona}", zona)
        ws.merge_range(row, 0, row, 2, step, styles.text)
        ws.set_row(row, row_height((step, whole), per_width=PROSE))
        row += 1
    row += 1
    ws.write_string(row, 0, "Arti warna sel", styles.bold)
    row += 1
    for colour, meaning in LEGEND:
        ws.write_string(row, 0, "", workbook.add_format({"bg_color": colour, "border": 1}))
        ws.merge_range(row, 1, row, 2, meaning, styles.text)
        ws.set_row(row, row_height((meaning, widths[1] + widths[2]), per_width=PROSE))
        row += 1
    row += 1
    ws.write_string(row, 0, "Lembar", styles.header)
    ws.write_string(row, 1, "Tabel di laporan", styles.header)
    ws.write_string(row, 2, "Isi", styles.header)
    row += 1
    for spec in specs:
        ws.write_url(row, 0, f"internal:'{spec.sheet}'!A1", styles.link, string=spec.sheet)
        ws.write_string(row, 1, spec.seed, styles.text)
        ws.write_string(row, 2, spec.description, styles.text)
        cells = ((spec.sheet, widths[0]), (spec.seed, widths[1]), (spec.description, widths[2]))
        ws.set_row(row, row_height(*cells, per_width=PROSE))
        row += 1
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.activate()
