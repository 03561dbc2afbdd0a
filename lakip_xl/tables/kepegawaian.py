"""Tabel 1-4: staff by status, golongan, pendidikan and eselon (BAB I 1.2)."""

from lakip_xl.model.spec import Carry, Column, Kind, TableSpec, TotalRow
from lakip_xl.tables._common import column_sum, derived, row_sum, share_of_total

_NAMES = Carry(keep=("uraian",))  # the rows' names; this year's counts are typed anew

_JUMLAH = column_sum("jumlah")
_SHARE = share_of_total("jumlah")
_PCT_TOTAL = column_sum("persentase")


def _status_like(id_: str, seed: str, sheet: str, title: str, description: str) -> TableSpec:
    return TableSpec(
        id=id_,
        seed=seed,
        sheet=sheet,
        title=title,
        description=description,
        columns=(
            Column("uraian", "Uraian", Kind.TEXT, width=30, required=True),
            Column("jumlah", "Jumlah (pegawai)", Kind.COUNT, width=16),
            derived("persentase", "Persentase (%)", Kind.PERCENT, _SHARE, width=16),
        ),
        total=TotalRow(
            "Jumlah",
            "uraian",
            formulas={"jumlah": _JUMLAH[0], "persentase": _PCT_TOTAL[0]},
            computes={"jumlah": _JUMLAH[1], "persentase": _PCT_TOTAL[1]},
        ),
        blank_rows=4,
        carry=_NAMES,
    )


TABEL_1 = _status_like(
    "tabel_1",
    "1",
    "T1 Status Pegawai",
    "Tabel 1 Jumlah Pegawai menurut Status Kepegawaian",
    "Jumlah pegawai per status (PNS, TKK); jumlah dan persentase dihitung.",
)
TABEL_2 = _status_like(
    "tabel_2",
    "2",
    "T2 Golongan",
    "Tabel 2 Jumlah PNS menurut Golongan",
    "Jumlah PNS per golongan; jumlahnya harus sama dengan PNS di Tabel 1.",
)

_PNS = column_sum("pns")
_TKK = column_sum("tkk")
_ROW = row_sum(("pns", "tkk"))

TABEL_3 = TableSpec(
    id="tabel_3",
    seed="3",
    sheet="T3 Pendidikan",
    title="Tabel 3 Jumlah Pegawai menurut Tingkat Pendidikan",
    description="PNS dan TKK per jenjang pendidikan; jumlah = PNS + TKK, total harus sama dengan Tabel 1.",
    columns=(
        Column("uraian", "Uraian", Kind.TEXT, width=24, required=True),
        derived("jumlah", "Jumlah", Kind.COUNT, _ROW),
        Column("pns", "PNS", Kind.COUNT, width=12),
        Column("tkk", "TKK", Kind.COUNT, width=12),
    ),
    total=TotalRow(
        "Jumlah",
        "uraian",
        formulas={"jumlah": _JUMLAH[0], "pns": _PNS[0], "tkk": _TKK[0]},
        computes={"jumlah": _JUMLAH[1], "pns": _PNS[1], "tkk": _TKK[1]},
    ),
    blank_rows=5,
    carry=_NAMES,
)

TABEL_4 = TableSpec(
    id="tabel_4",
    seed="4",
    sheet="T4 Eselon",
    title="Tabel 4 Jumlah Pegawai menurut Eselon",
    description="Jumlah pegawai per eselon; jumlah dihitung.",
    columns=(
        Column("uraian", "Uraian", Kind.TEXT, width=26, required=True),
        Column("jumlah", "Jumlah (pegawai)", Kind.COUNT, width=16),
        Column("ket", "Keterangan", Kind.TEXT, width=24),
    ),
    total=TotalRow("Jumlah", "uraian", formulas={"jumlah": _JUMLAH[0]}, computes={"jumlah": _JUMLAH[1]}),
    blank_rows=8,
    carry=_NAMES,
)
