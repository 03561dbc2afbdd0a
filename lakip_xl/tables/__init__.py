"""The registry of table specs, in workbook order.

Adding a table means adding a module here that defines a :class:`TableSpec`
and listing it in :data:`ALL`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

from lakip_xl.model.spec import TableSpec
from lakip_xl.tables import (
    anggaran,
    identitas,
    iku_tahunan,
    k3,
    kepegawaian,
    keuangan,
    kinerja,
    opd,
    opd_pegawai,
    parameter,
    renstra,
    scales,
    skm,
    skm_layanan,
)

ALL: tuple[TableSpec, ...] = (
    identitas.SPEC,
    parameter.SPEC,
    scales.SKALA_CAPAIAN,
    scales.MUTU_IKM,
    scales.RUBRIK_K3,
    scales.KRITERIA_KEUANGAN,
    kepegawaian.TABEL_1,
    kepegawaian.TABEL_2,
    kepegawaian.TABEL_3,
    kepegawaian.TABEL_4,
    opd.PEGAWAI_LP,
    opd_pegawai.PEGAWAI_SUBUNIT,
    opd_pegawai.KOMPETENSI_JABATAN,
    renstra.T2_1_1,
    renstra.T2_1_2,
    renstra.T2_2_1,
    anggaran.T2_2_2,
    kinerja.T3_1,
    opd.CAPAIAN_KINERJA,
    kinerja.IKU_PERBANDINGAN,
    kinerja.INDIKATOR_PROGRAM,
    iku_tahunan.IKU_TAHUNAN,
    skm.SKM_SURVEI,
    skm.SKM_RESPONDEN,
    skm.SKM_UNSUR,
    skm.SKM_TREN,
    skm_layanan.SKM_LAYANAN,
    skm_layanan.SKM_MENTAH,
    k3.T3_10,
    kinerja.T3_12,
    kinerja.ANALISIS_PENYEBAB,
    kinerja.EFISIENSI_INDIKATOR,
    k3.T3_16,
    anggaran.T3_19,
    anggaran.T3_20,
    opd.REALISASI_ANGGARAN,
    opd.REALISASI_BULANAN,
    keuangan.AKUNTABILITAS_KEUANGAN,
    keuangan.PENUTUP,
)

BY_ID: dict[str, TableSpec] = {spec.id: spec for spec in ALL}

T = TypeVar("T")


def present(data: Mapping[str, T]) -> Iterator[tuple[TableSpec, T]]:
    """(spec, table) of each table ``data`` holds, in workbook order."""
    for spec in ALL:
        if spec.id in data:
            yield spec, data[spec.id]


def get(table_id: str) -> TableSpec:
    """Return the spec of ``table_id``."""
    return BY_ID[table_id]
