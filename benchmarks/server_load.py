"""Load on the real HTTP server: N concurrent clients for T seconds, the bounded queue beside no queue.

Why: with two brief slots and no queue, a user's 30 s load test got mostly 503s (of ~13.6k requests). The
server now queues up to ``max_queued`` requests under a time budget. This runs the real server (uvicorn in
a child process on 127.0.0.1, a free port, the real pipeline) twice in one session with the same load:

* ``queue``: ``create_app(max_queued=--queue)``, the new default behaviour;
* ``peer``: ``create_app(max_queued=0)``, the old behaviour (503 at once when both slots are busy).

Each client sends a request, waits for the answer, and sends the next at once (a closed loop that, like
the user's test, does not honour Retry-After). Each request carries two short articles of the repository's
example corpus (rotating) and asks for JSON. The model is loaded by one request before the clock starts.
Printed per run: requests, briefs (200) per second, status counts, connection errors, p50/p95 latency of
all answers and of the 200s.

Usage: ``python benchmarks/server_load.py [--clients 8] [--seconds 20] [--queue 32] [--budget 120]``
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"

SERVE = """
import sys, uvicorn
from storyline.server.app import create_app
port, queued, budget = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
app = create_app(max_queued=queued, time_budget_seconds=budget)
uvicorn.run(app, host="127.0.0.1", port=port, log_level="error")
"""


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    ok_latencies: list[float] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _bodies() -> list[dict[str, object]]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    pairs = [(texts[i], texts[(i + 1) % len(texts)]) for i in range(len(texts))]
    return [{"articles": [{"text": a}, {"text": b}], "words": 120, "format": "json"} for a, b in pairs]


async def _client(
    http: httpx.AsyncClient, bodies: list[dict[str, object]], start: int, stop: float, tally: Tally
) -> None:
    sent = start
    while time.monotonic() < stop:
        body = bodies[sent % len(bodies)]
        sent += 1
        began = time.perf_counter()
        try:
            response = await http.post("/api/brief", json=body)
        except httpx.HTTPError as error:
            tally.statuses[f"error:{type(error).__name__}"] += 1
            continue
        took = time.perf_counter() - began
        tally.statuses[str(response.status_code)] += 1
        tally.latencies.append(took)
        if response.status_code == 200:
            tally.ok_latencies.append(took)


async def _load(url: str, clients: int, seconds: float) -> tuple[Tally, float]:
    bodies = _bodies()
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as http:
        warm = await http.post("/api/brief", json=bodies[0])
        assert warm.status_code == 200, warm.text
        began = time.monotonic()
        stop = began + seconds
        await asyncio.gather(*(_client(http, bodies, n, stop, tally) for n in range(clients)))
        return tally, time.monotonic() - began


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(label: str, queued: int, clients: int, seconds: float, budget: float) -> None:
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(port), str(queued), str(budget)])
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"{label}: the server did not start")
            time.sleep(0.1)
        tally, elapsed = asyncio.run(_load(url, clients, seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(tally.statuses.values())
    ok = tally.statuses.get("200", 0)
    statuses = ", ".join(f"{name}: {count}" for name, count in sorted(tally.statuses.items()))
    print(
        f"{label:<6} max_queued={queued:<3} requests={total:<6} briefs/s={ok / elapsed:5.2f} "
        f"ok={ok / total:6.1%}  p50={statistics.median(tally.latencies):6.3f}s "
        f"p95={_percentile(tally.latencies, 0.95):6.3f}s  "
        f"200s p50={_percentile(tally.ok_latencies, 0.5):6.3f}s "
        f"p95={_percentile(tally.ok_latencies, 0.95):6.3f}s"
        f"  [{statuses}]",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--queue", type=int, default=32, help="max_queued of the new server (peer: 0)")
    parser.add_argument("--budget", type=float, default=120.0, help="time_budget_seconds of both servers")
    args = parser.parse_args()
    print(f"{args.clients} clients, {args.seconds:g} s each run, 2 brief slots, budget {args.budget:g} s")
    run("queue", args.queue, args.clients, args.seconds, args.budget)
    run("peer", 0, args.clients, args.seconds, args.budget)


if __name__ == "__main__":
    main()
