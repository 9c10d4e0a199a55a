"""Load benchmark for `replycoach serve` (prints figures; not a test).

Starts the service on loopback in its own process, sends the realistic
mixed-language drafts of tests/data/cases.yaml from several concurrent clients
for a fixed time (bounded: loopback only, stops by itself), and prints
requests/s, p50/p99 latency and the error count — next to the same drafts
through `replycoach.check` in this process as the baseline.

    .venv/bin/python bench/load.py [--seconds 10] [--clients 8] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent


def drafts() -> list[str]:
    cases = yaml.safe_load((ROOT / "tests" / "data" / "cases.yaml").read_text(encoding="utf-8"))
    return [c["text"] for c in cases]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000


async def client_loop(url: str, texts: list[str], stop: float, start_index: int, lat: list[float], errors: list[str]):
    async with httpx.AsyncClient(timeout=10) as client:
        i = start_index
        while time.perf_counter() < stop:
            text = texts[i % len(texts)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = await client.post(url + "/v1/check", json={"text": text})
                if r.status_code != 200:
                    errors.append(f"HTTP {r.status_code}")
                    continue
            except httpx.HTTPError as exc:
                errors.append(type(exc).__name__)
                continue
            lat.append(time.perf_counter() - t0)


async def run_load(url: str, texts: list[str], seconds: float, clients: int) -> tuple[list[float], list[str], float]:
    lat: list[float] = []
    errors: list[str] = []
    t0 = time.perf_counter()
    stop = t0 + seconds
    await asyncio.gather(*(client_loop(url, texts, stop, k * 7, lat, errors) for k in range(clients)))
    return lat, errors, time.perf_counter() - t0


def baseline(texts: list[str], seconds: float) -> tuple[int, list[float]]:
    import replycoach

    for t in texts:  # warm: load every pack and detector first, as the service does
        replycoach.check(t)
    lat = []
    stop = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < stop:
        t0 = time.perf_counter()
        replycoach.check(texts[i % len(texts)])
        lat.append(time.perf_counter() - t0)
        i += 1
    return i, lat


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    texts = drafts()

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "replycoach", "serve", "--port", str(port), "--workers", str(args.workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("the service did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)
        lat, errors, elapsed = asyncio.run(run_load(url, texts, args.seconds, args.clients))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    n, base_lat = baseline(texts, args.seconds)
    print(f"drafts: {len(texts)} realistic drafts in bg, el, en, lv, zh (+5 unsupported), cycled")
    print(f"{'':28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    print(
        f"{'service, ' + str(args.clients) + ' clients, ' + str(args.workers) + ' worker':28}"
        f"{len(lat) / elapsed:>9.0f}{pct(lat, 0.5):>9.2f}{pct(lat, 0.99):>9.2f}{len(errors):>8}"
    )
    print(
        f"{'in-process check() baseline':28}{n / args.seconds:>9.0f}{pct(base_lat, 0.5):>9.2f}"
        f"{pct(base_lat, 0.99):>9.2f}{0:>8}"
    )
    if errors:
        print("errors:", sorted(set(errors)))
    print(f"mean service latency {statistics.mean(lat) * 1000:.2f} ms over {len(lat)} requests in {elapsed:.1f} s")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
