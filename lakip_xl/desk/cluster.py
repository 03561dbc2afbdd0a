"""The units audited on an existing Dask cluster (``lakip-xl rekap ... --dask ADDRESS``).

The same map as the local pool (:mod:`lakip_xl.desk.pool`): one
:func:`lakip_xl.report.unit.audit_unit` per workbook, each returning its
compact :class:`UnitSummary`; the rekap is then written here from the
summaries, so its workbook and JSON are the same bytes as the local pool's.
The workers need lakip-xl installed (the same version) and the workbooks
(and the ``--laporan`` folder) at the same paths: shared storage.
Dask's ``distributed`` is an optional extra: ``pip install 'lakip-xl[dask]'``.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Any

from lakip_xl.model.errors import LakipError, OutputError
from lakip_xl.report.unit import Task, UnitSummary, audit_unit

if TYPE_CHECKING:
    from lakip_xl.desk.pool import Progress

TIMEOUT = "20s"  # to reach the scheduler
PROBE = 10.0  # seconds a plain connection to the scheduler may take


def _client(address: str) -> Any:
    try:
        from distributed import Client
        from distributed.comm.addressing import parse_address, parse_host_port
    except ImportError as exc:
        raise LakipError(
            "Pilihan --dask memerlukan paket Dask 'distributed': pasang dengan pip install 'lakip-xl[dask]'"
        ) from exc
    try:
        scheme, where = parse_address(address)
        host, port = parse_host_port(where) if scheme in ("tcp", "tls") else ("", 0)
    except (ValueError, TypeError) as exc:
        raise LakipError(f"Alamat klaster Dask {address!r} tidak dikenal; tulis mis. tcp://10.0.0.5:8786") from exc
    unreachable = f"Klaster Dask di {address} tidak dapat dihubungi (batas waktu {TIMEOUT})"
    if host:  # a plain connection first: a client that never connects cannot be closed cleanly
        try:
            socket.create_connection((host, port), timeout=PROBE).close()
        except OSError as exc:
            raise LakipError(unreachable) from exc
    try:
        return Client(address, timeout=TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise LakipError(unreachable) from exc


def run_on_dask(tasks: list[Task], address: str, progress: Progress | None) -> list[UnitSummary]:
    """Audit every task on the Dask cluster whose scheduler is at ``address``.

    A unit's worker that dies is Dask's to retry (its ``allowed-failures``); a
    file that keeps killing its worker comes back as "tidak terbaca".

    Raises:
        LakipError: ``distributed`` is not installed, or the scheduler cannot be reached.
    """
    from distributed import as_completed

    client = _client(address)
    units: list[UnitSummary] = []
    try:
        with client.as_current():  # this client, not a default one of the process
            futures = client.map(audit_unit, tasks, pure=False)
            names = {f.key: t.name for f, t in zip(futures, tasks, strict=True)}
            if progress:
                progress.start(len(tasks))
            try:
                for future in as_completed(futures):  # type: ignore[no-untyped-call]
                    units.append(_unit(future, names))
                    if progress:
                        progress.advance(units[-1])
            except BaseException:
                client.cancel(futures)
                raise
    finally:
        client.close()
    return units


def _unit(future: Any, names: dict[str, str]) -> UnitSummary:
    """The unit a finished task returned; a task the cluster could not finish (a worker killed) as unreadable."""
    try:
        unit: UnitSummary = future.result()
    except OutputError:  # a report that cannot be written: the rekap stops (exit 3)
        raise
    except Exception:  # KilledWorker and the like: the cluster's failure, not the file's audit (which never raises)
        return UnitSummary(names[future.key], reason=CLUSTER_FAILED)
    return unit


CLUSTER_FAILED = "Pemeriksa berkas ini di klaster Dask berhenti berulang kali (berkas mungkin merusak pembaca)"
