"""Tabel 3.10 and 3.16: K3 zone scores and the reported zone status."""

from lakip_xl.model.numbers import as_decimal
from lakip_xl.model.spec import Carry, CellRefs, Column, Kind, RowValues, TableSpec, Value
from lakip_xl.tables._common import derived, enum, text

SUBKOMPONEN = ("area_jalan", "drainase", "rth", "pkl", "spanduk")


def _ket_formula(r: CellRefs) -> str:
    first, last = r.cell(SUBKOMPONEN[0]), r.cell(SUBKOMPONEN[-1])
    return f'IF(COUNT({first}:{last})<{len(SUBKOMPONEN)},"",IF(MIN({first}:{last})>=K3_BATAS_BAIK,"OK","NO"))'


def _ket_compute(v: RowValues) -> Value:
    scores = [as_decimal(v.v(k)) for k in SUBKOMPONEN]
    batas = as_decimal(v.param("K3_BATAS_BAIK"))
    if batas is None or any(s is None for s in scores):
        return None
    return "OK" if min(s for s in scores if s is not None) >= batas else "NO"


def _status_formula(r: CellRefs) -> str:
    ket = r.cell("ket")
    return f'IF({ket}="OK","Tertib K3",IF({ket}="NO","Belum Tertib K3",""))'


def _status_compute(v: RowValues) -> Value:
    ket = v.v("ket")  # compared ignoring case, as the formula's ket="OK" does
    return {"ok": "Tertib K3", "no": "Belum Tertib K3"}.get(str(ket).casefold()) if ket else None


T3_10 = TableSpec(
    id="t3_10",
    seed="3.10",
    sheet="3.10 Nilai Zona K3",
    title="Tabel 3.10 Penilaian Monitoring dan Evaluasi K3 per Zona Tertib",
    description="Nilai 5 subkomponen (30-90) per zona; KET = OK bila semua subkomponen minimal 'Baik'.",
    columns=(
        text("no", "No", 5),
        text("lokasi", "Lokasi (zona)", 28, required=True),
        Column("area_jalan", "a. Area Jalan: sampah dan gulma", Kind.SCORE, width=14),
        Column("drainase", "b. Drainase: sampah, gulma, sedimen", Kind.SCORE, width=14),
        Column("rth", "c. RTH: pohon peneduh", Kind.SCORE, width=14),
        Column("pkl", "d. PKL: fisik lapak", Kind.SCORE, width=14),
        Column("spanduk", "e. Spanduk: fisik spanduk", Kind.SCORE, width=14),
        derived("ket", "KET (OK/NO)", Kind.TEXT, (_ket_formula, _ket_compute), width=10),
    ),
    blank_rows=8,
    report_columns=(derived("status_zona", "Status zona", Kind.TEXT, (_status_formula, _status_compute), width=16),),
    carry=Carry(keep=("no", "lokasi")),
)

T3_16 = TableSpec(
    id="t3_16",
    seed="3.16",
    sheet="3.16 Status Zona",
    title="Tabel 3.16 Data Zonasi yang Tertib K3 (kondisi yang dilaporkan)",
    description="Status tiap zona seperti dilaporkan; harus sesuai KET Tabel 3.10.",
    columns=(
        text("no", "No", 5),
        text("lokasi", "Lokasi (zona)", 28, required=True),
        enum("status", "Kondisi yang dilaporkan", ("Tertib K3", "Belum Tertib K3"), 18),
        text("ket", "Keterangan", 28),
    ),
    blank_rows=8,
    carry=Carry(keep=("no", "lokasi")),
)
