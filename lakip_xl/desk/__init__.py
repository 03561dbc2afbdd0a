"""Bappeda's desk: the rekap's orchestration.

Which files count (:mod:`lakip_xl.io.inbox`, then one unit and year once:
:mod:`lakip_xl.desk.latest`), who has not sent (:mod:`lakip_xl.desk.daftar`),
where the units are audited (a local pool, :mod:`lakip_xl.desk.pool`, or an
existing Dask cluster, :mod:`lakip_xl.desk.cluster`), and the outputs written
all at once (:mod:`lakip_xl.desk.rekap`). What the rekap shows is rendered
by :mod:`lakip_xl.report` (``rekap_doc``, ``rekap_sheets``, ``progress``).
"""
