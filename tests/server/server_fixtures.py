"""Helpers for the server tests: generated news articles and a real uvicorn server on loopback.

Why generated articles: the tests need many distinct, plausible English articles of a chosen length (the
cleaner drops short or non-English text, so lorem ipsum would be refused before the pipeline ran); they
are built here from templates, never copied from the shared data. Why a real server: the queue, the time
budget and client disconnects are properties of uvicorn plus the event loop, which an in-process
TestClient does not reproduce (it never disconnects and runs one request per call).
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

PEOPLE = [
    ("Mara Lindqvist", "the union's regional secretary"),
    ("Jonas Berg", "director of the port authority"),
    ("Aino Koskinen", "a spokeswoman for the labour ministry"),
    ("Tomas Reyes", "who has worked on the docks for 22 years"),
    ("Priya Natarajan", "an economist at Halvern University"),
    ("Ewan Calder", "the mayor of Osterby"),
]
PLACES = ["Halvern", "Osterby", "Maelstad", "the northern terminal", "the container yard"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]
CLAIMS = [
    "the strike would continue until a new offer was made",
    "ships had been diverted to {place} since the walkout began",
    "talks with the employers would resume on {day}",
    "the dispute had already cost exporters {n} million euros",
    "{n} containers were waiting to be unloaded at {place}",
    "the union had rejected a pay offer of {k} percent last week",
]
QUOTES = [
    "We have waited two years for a fair offer and we will not wait any longer",
    "This strike will cost the region dearly if it lasts another week",
    "Our members are ready to return as soon as the employers talk seriously",
    "Nobody wants the port to stay closed, but the offer on the table is an insult",
]


def article(seed: int, sentences: int = 8) -> str:
    """A plausible English news article about a dock strike, different for each ``seed``."""
    rng = random.Random(seed)
    lines = [
        f"Dockworkers in {rng.choice(PLACES[:3])} walked out on {rng.choice(DAYS)} after talks over pay "
        f"collapsed, the union said, leaving {rng.randint(20, 90)} ships waiting offshore."
    ]
    for _ in range(sentences - 1):
        person, role = rng.choice(PEOPLE)
        claim = rng.choice(CLAIMS).format(
            place=rng.choice(PLACES), day=rng.choice(DAYS), n=rng.randint(2, 400), k=rng.randint(2, 6)
        )
        if rng.random() < 0.4:
            lines.append(f'"{rng.choice(QUOTES)}," said {person}, {role}.')
        else:
            lines.append(f"{person}, {role}, said on {rng.choice(DAYS)} that {claim}.")
    return " ".join(lines)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name=f"uvicorn-{port}")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def wait_until(condition: object, timeout: float = 30.0, what: str = "condition") -> None:
    """Poll ``condition()`` until true; fail naming ``what`` after ``timeout`` seconds."""
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)
