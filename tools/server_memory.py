"""Peak memory of the HTTP app under large concurrent ``POST /kpi/report`` bodies.

Builds a ledger of about SIZE megabytes from the bundled sample (copies with
distinct dossier codes), starts ``uvicorn lapvo_cchc.web:create_app --factory``
in a child process, posts the ledger N times at once (the client streams it from
disk, in other processes' memory), and prints the server's peak resident set
(``VmHWM`` of /proc/PID/status) with each answer's status.

Usage: python tools/server_memory.py [--size 60] [--concurrency 1 4] [--port 8765]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gzip
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import httpx

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "lapvo_cchc" / "data" / "sample_ledger.csv.gz"


def build_ledger(path: pathlib.Path, megabytes: int) -> int:
    """Write a ledger of at least *megabytes* MB; return its size in bytes."""
    lines = gzip.decompress(SAMPLE.read_bytes()).decode("utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        copy = 0
        while out.tell() < megabytes * 1_000_000:
            out.writelines(f"c{copy}-{row}" for row in rows)
            copy += 1
    return path.stat().st_size


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set so far, in MB (VmHWM)."""
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")  # pragma: no cover


def post(url: str, path: pathlib.Path) -> str:
    """POST the ledger file, streamed from disk; the status and a short note."""

    def chunks() -> object:
        with path.open("rb") as f:
            while block := f.read(1 << 16):
                yield block

    with httpx.Client(timeout=600) as client:
        r = client.post(
            url,
            content=chunks(),  # type: ignore[arg-type]
            headers={"content-type": "text/csv", "content-length": str(path.stat().st_size)},
        )
    note = r.json().get("ledger", {}).get("accepted", r.text[:80]) if r.content else ""
    return f"{r.status_code} {note}"


def measure(
    concurrency: int, ledger: pathlib.Path, port: int, extra: list[str], src: pathlib.Path
) -> None:
    """Serve *src* with uvicorn, post the ledger *concurrency* times at once, print the peak."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    cmd = [sys.executable, "-m", "uvicorn", "lapvo_cchc.web:create_app", "--factory"]
    cmd += ["--port", str(port), "--log-level", "warning", *extra]
    server = subprocess.Popen(cmd, env=env)  # noqa: S603 - our own interpreter and module
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        idle = peak_rss_mb(server.pid)
        url = base + "/kpi/report?period=2020-H1"
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            answers = list(pool.map(lambda _: post(url, ledger), range(concurrency)))
        took = time.monotonic() - started
        peak = peak_rss_mb(server.pid)
        print(
            f"concurrency {concurrency}: peak RSS {peak:.0f} MB (idle {idle:.0f} MB), "
            f"{took:.1f} s, answers {answers}",
            flush=True,
        )
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    """Build the ledger, then measure each concurrency asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=60, help="ledger size in MB")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--src", type=pathlib.Path, default=ROOT / "src", help="code to serve")
    parser.add_argument("--uvicorn", nargs=argparse.REMAINDER, default=[], help="more options")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ledger = pathlib.Path(tmp) / "ledger.csv"
        size = build_ledger(ledger, args.size)
        print(f"ledger: {size / 1e6:.1f} MB", flush=True)
        for n in args.concurrency:
            measure(n, ledger, args.port, args.uvicorn, args.src)


if __name__ == "__main__":
    main()
