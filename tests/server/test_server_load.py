"""A bounded load on a real server: more clients than brief slots, for a few seconds, and no errors at all.

Issue 11: with two slots and no queue, most requests of a load test were 503. With a queue at least as long
as the number of clients, every request must be briefed (200) — no 5xx, no connection error — however the
requests interleave. Real uvicorn on loopback, real httpx clients, the real pipeline on short generated
articles; about 10 s of load on two of the machine's briefing threads. How fast it goes is measured in
``benchmarks/server_load.py``, not here.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
from server_fixtures import article, live_server

from storyline.server.app import BriefGate, create_app

CLIENTS = 4
SECONDS = 10.0


async def _client(http: httpx.AsyncClient, number: int, stop: float, seen: Counter[str]) -> None:
    sent = 0
    while time.monotonic() < stop:
        seed = number * 1000 + sent
        body = {
            "articles": [
                {"text": article(seed, 6), "outlet": f"Outlet {number}"},
                {"text": article(seed + 1, 6)},
            ],
            "words": 60,
            "format": ("json", "html", "md")[sent % 3],
        }
        sent += 1
        try:
            response = await http.post("/api/brief", json=body)
        except httpx.HTTPError as error:
            seen[f"error:{type(error).__name__}"] += 1
            continue
        seen[str(response.status_code)] += 1
        if response.status_code == 200 and body["format"] == "json":
            assert len(response.json()["articles"]) == 2


def test_more_clients_than_slots_for_ten_seconds_all_get_briefs() -> None:
    app = create_app(max_queued=CLIENTS * 2)
    gate: BriefGate = app.state.gate
    seen: Counter[str] = Counter()

    async def load(url: str) -> None:
        limits = httpx.Limits(max_connections=CLIENTS)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
            warm = await http.post("/api/brief", json={"articles": [{"text": article(1)}]})  # model load
            assert warm.status_code == 200, warm.text
            stop = time.monotonic() + SECONDS
            await asyncio.gather(*(_client(http, number, stop, seen) for number in range(CLIENTS)))

    with live_server(app) as url:
        asyncio.run(load(url))
    assert set(seen) == {"200"}, seen  # nothing but briefs: no 503, no 504, no 500, no connection error
    assert seen["200"] >= CLIENTS  # every client got at least one brief in the time
    assert gate.held == 0 and gate.queued == 0
