"""Load on loopback: N concurrent submissions of the sample to ``lakip-xl serve``, every answer checked.

Starts ``lakip-xl serve`` on a free 127.0.0.1 port with a token and a fresh data folder, makes one upload
code, then sends the sample through ``POST /api/kirim/{code}`` from N threads at once (bounded: N requests,
each with a timeout). Every answer must be the CLI's audit JSON for the sample, and SQLite must hold N
submissions afterwards. Prints the wall time, throughput, the p50/p95/max latency, the CPU the server and
every process it started spent per upload during the load (from /proc), and how loaded the machine was
(the load average, and the CPU other programs used meanwhile). Only loopback traffic; the server is
stopped at the end.

Usage: python bench/web_bench.py [--uploads 20] [--jobs 2] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "mustikajaya_2024.xlsx"
TOKEN = "token-bench-bappeda-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return int(answer.status), answer.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()


def _tree_cpu(root: int) -> float:
    """CPU seconds of ``root`` and every live descendant, with the children each one has waited for."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(times.get(pid, 0) for pid in tree) / tick


def _machine_busy() -> float:
    """CPU seconds every program on the machine has used since boot (all cores)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def _multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="berkas"; filename="{name}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")  # fmt: skip
    return head.encode() + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="web-bench-"))
    data = out / "data"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LAKIP_XL_TOKEN": TOKEN}
    command = [sys.executable, "-m", "lakip_xl.cli", "serve", "--port", str(port), "--data", str(data),
               "--jobs", str(args.jobs)]  # fmt: skip
    expected = subprocess.run(
        [sys.executable, "-m", "lakip_xl.cli", "audit", str(SAMPLE), "--json", "-", "--tanpa-laporan"],
        capture_output=True, check=False, cwd=ROOT,
    ).stdout  # fmt: skip
    with (out / "serve.log").open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log)
    try:
        end = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2):
                    break
            except OSError:
                if time.monotonic() > end or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        _, made = _post(base + "/bappeda/kode", b"unit=Kecamatan+Mustikajaya",
                             {"Authorization": f"Bearer {TOKEN}",
                              "Content-Type": "application/x-www-form-urlencoded"}, 30)  # fmt: skip
        code = json.loads(made)["code"]
        body, kind = _multipart(SAMPLE.name, SAMPLE.read_bytes())
        # warm: the fork server's first start is not part of the load
        _post(f"{base}/api/periksa", body, {"Content-Type": kind}, 120)
        results: list[tuple[int, bytes, float]] = []
        lock = threading.Lock()
        start_gate = threading.Barrier(args.uploads)

        def send() -> None:
            start_gate.wait()
            t0 = time.perf_counter()
            status, answer = _post(f"{base}/api/kirim/{code}", body, {"Content-Type": kind}, 300)
            with lock:
                results.append((status, answer, time.perf_counter() - t0))

        threads = [threading.Thread(target=send) for _ in range(args.uploads)]
        load_before = os.getloadavg()[0]
        cpu0, busy0 = _tree_cpu(server.pid), _machine_busy()
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        wall = time.perf_counter() - t0
        cpu, busy = _tree_cpu(server.pid) - cpu0, _machine_busy() - busy0
        load_after = os.getloadavg()[0]
    finally:
        server.terminate()
        server.wait(60)
    right = sum(1 for s, a, _ in results if s == 200 and a == expected)
    with sqlite3.connect(data / "lakip.sqlite") as con:
        stored = con.execute("SELECT COUNT(*) FROM submission").fetchone()[0]
    latencies = sorted(r[2] for r in results)
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    others = max(0.0, busy - cpu) / wall  # cores other programs kept busy during the load
    print(
        "| uploads | jobs | right | stored | wall s | per s | p50 s | p95 s | max s | CPU s/upload | "
        "load before/after | other cores busy |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {args.uploads} | {args.jobs} | {right} | {stored} | {wall:.2f} | {args.uploads / wall:.2f} | "
          f"{statistics.median(latencies):.2f} | {p95:.2f} | {latencies[-1]:.2f} | {cpu / args.uploads:.2f} | "
          f"{load_before:.1f}/{load_after:.1f} | {others:.2f} |")  # fmt: skip
    if right != args.uploads or stored != args.uploads:
        raise SystemExit("some answers were wrong or submissions were lost")


if __name__ == "__main__":
    main()
