"""Admission to the brief slots: the bounded queue, the time budget, and what a thread that overruns holds.

A real uvicorn server on loopback and real httpx clients. To hold slots busy for exactly as long as a test
needs, the app gets a runner that waits for the test's signal and then makes the real brief (``runner`` is
the app's documented extension point); which request runs when, and what the clients are told meanwhile,
is the server's own logic under test. One test overruns the budget with a real long article instead.
The gate itself is also driven directly on an event loop, for the orderings a server test cannot force.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence

import httpx
import pytest
from server_fixtures import article, live_server, wait_until

from storyline.config import Settings
from storyline.model import Brief
from storyline.server.app import ArticleIn, BriefGate, create_app, run_brief


class HeldRunner:
    """Records which request (by its query) entered a slot, then holds it until ``release``."""

    def __init__(self) -> None:
        self.entered: list[str | None] = []
        self.finished: list[str | None] = []
        self._open = threading.Event()
        self._lock = threading.Lock()

    def __call__(
        self, articles: Sequence[ArticleIn], words: int, query: str | None, settings: Settings
    ) -> Brief:
        with self._lock:
            self.entered.append(query)
        self._open.wait(timeout=120)  # a bound, so a failing test cannot leave a thread behind for ever
        brief = run_brief(articles, words, query, settings)
        with self._lock:
            self.finished.append(query)
        return brief

    def release(self) -> None:
        self._open.set()

    @property
    def released(self) -> bool:
        return self._open.is_set()


@pytest.fixture
def held() -> Iterator[HeldRunner]:
    runner = HeldRunner()
    yield runner
    runner.release()


@pytest.fixture(scope="module", autouse=True)
def warm_model() -> None:
    """Load the language model once, so a brief after a release takes milliseconds, not a cold start."""
    run_brief([ArticleIn(text=article(0))], 60, None, Settings())


def _body(label: str) -> dict[str, object]:
    """A request labelled in its query (seen by the runner) and its article's title (seen in the brief)."""
    return {
        "articles": [{"text": article(sum(map(ord, label))), "title": label}],
        "query": label,
        "words": 60,
    }


async def _until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


def _error_line(response: httpx.Response) -> str:
    payload = response.json()
    assert set(payload) == {"error"} and "\n" not in payload["error"], payload
    return str(payload["error"])


def test_requests_wait_in_a_bounded_fifo_queue_and_only_a_full_queue_is_503(held: HeldRunner) -> None:
    app = create_app(runner=held, max_queued=3, time_budget_seconds=60)
    gate: BriefGate = app.state.gate

    async def scenario(url: str) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:

            def send(label: str) -> asyncio.Task[httpx.Response]:
                return asyncio.create_task(http.post("/api/brief", json=_body(label)))

            running = [send("a"), send("b")]
            await _until(lambda: len(held.entered) == 2, "two briefs to start")
            queued = []
            for number, label in enumerate(["c", "d", "e"], start=1):
                queued.append(send(label))
                await _until(lambda n=number: gate.queued == n, f"{label} to queue")  # type: ignore[misc]

            refused = await http.post("/api/brief", json=_body("f"))
            assert refused.status_code == 503
            assert refused.headers["retry-after"].isdigit()
            assert _error_line(refused).startswith("busy:")
            assert not any(task.done() for task in running + queued)  # the others still wait, unharmed

            held.release()
            answers = await asyncio.gather(*running, *queued)
            assert [answer.status_code for answer in answers] == [200] * 5
            assert [answer.json()["articles"][0]["title"] for answer in answers] == ["a", "b", "c", "d", "e"]

    with live_server(app) as url:
        asyncio.run(scenario(url))
    assert sorted(held.entered[:2]) == ["a", "b"]  # type: ignore[type-var]
    assert held.entered[2:] == ["c", "d", "e"]  # first come, first served
    assert gate.held == 0 and gate.queued == 0


def test_the_budget_answers_at_the_deadline_while_an_overrunning_brief_keeps_its_slot(
    held: HeldRunner,
) -> None:
    budget = 2.0
    app = create_app(runner=held, max_queued=1, time_budget_seconds=budget)
    gate: BriefGate = app.state.gate

    async def scenario(url: str) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:

            def send(label: str) -> asyncio.Task[httpx.Response]:
                return asyncio.create_task(http.post("/api/brief", json=_body(label)))

            running = [send("a"), send("b")]
            await _until(lambda: len(held.entered) == 2, "two briefs to start")
            waiting = send("c")
            await _until(lambda: gate.queued == 1, "c to queue")
            full = await http.post("/api/brief", json=_body("d"))
            assert full.status_code == 503 and full.headers["retry-after"].isdigit()

            overran = await asyncio.gather(*running)
            assert [answer.status_code for answer in overran] == [504, 504]
            assert all(f"{budget:g} s budget" in _error_line(answer) for answer in overran)
            assert not held.released and held.finished == []  # answered before the briefs could finish
            assert gate.held == 2  # ... and their threads still hold both slots

            never_started = await waiting
            assert never_started.status_code == 503
            assert never_started.headers["retry-after"].isdigit()
            assert "no brief slot came free" in _error_line(never_started)

            later = send("e")  # the queue is free again, the slots are not: e waits for a thread to end
            await _until(lambda: gate.queued == 1, "e to queue")
            held.release()
            answer = await later
            assert answer.status_code == 200, answer.text
            assert answer.json()["articles"][0]["title"] == "e"

    with live_server(app) as url:
        asyncio.run(scenario(url))
        wait_until(lambda: gate.held == 0, what="every slot to be free")
    assert held.entered == ["a", "b", "e"] or held.entered == ["b", "a", "e"]  # c and d never ran
    assert sorted(held.finished) == ["a", "b", "e"]  # type: ignore[type-var]


def test_a_client_that_disconnects_while_queued_leaves_the_queue_without_a_brief(held: HeldRunner) -> None:
    app = create_app(runner=held, max_queued=2, time_budget_seconds=60)
    gate: BriefGate = app.state.gate

    async def scenario(url: str) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            running = [asyncio.create_task(http.post("/api/brief", json=_body(label))) for label in "ab"]
            await _until(lambda: len(held.entered) == 2, "two briefs to start")
            async with httpx.AsyncClient(base_url=url, timeout=60) as impatient:
                leaving = asyncio.create_task(impatient.post("/api/brief", json=_body("c")))
                await _until(lambda: gate.queued == 1, "c to queue")
                leaving.cancel()
            await _until(lambda: gate.queued == 0, "c to leave the queue")
            held.release()
            assert [answer.status_code for answer in await asyncio.gather(*running)] == [200, 200]

    with live_server(app) as url:
        asyncio.run(scenario(url))
    assert sorted(held.entered) == ["a", "b"]  # type: ignore[type-var]
    assert gate.held == 0


def test_a_real_long_article_gets_a_504_within_the_budget_and_frees_its_slot_when_done() -> None:
    """Issue 11: a long article kept its client waiting for minutes; the budget answers it on time."""
    app = create_app(time_budget_seconds=1.0)
    gate: BriefGate = app.state.gate
    long_article = article(42, sentences=400)  # several seconds of real analysis on this machine
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        response = http.post("/api/brief", json={"articles": [{"text": long_article}, {"text": article(43)}]})
        assert response.status_code == 504
        assert "1 s budget" in _error_line(response)
        assert gate.held == 1  # the brief's thread is still at work
        wait_until(lambda: gate.held == 0, timeout=120, what="the long brief to finish")
        assert http.post("/api/brief", json={"articles": [{"text": article(44)}]}).status_code == 200


def test_a_body_that_trickles_in_past_the_budget_is_a_503_without_a_brief(held: HeldRunner) -> None:
    app = create_app(runner=held, time_budget_seconds=0.5)
    body = json.dumps(_body("slow")).encode()

    def trickle() -> Iterator[bytes]:
        for start in range(0, len(body), len(body) // 8 + 1):
            time.sleep(0.25)
            yield body[start : start + len(body) // 8 + 1]

    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        response = http.post("/api/brief", content=trickle(), headers={"content-type": "application/json"})
    assert response.status_code == 503
    assert response.headers["retry-after"].isdigit()
    assert "did not arrive within the 0.5 s budget" in _error_line(response)
    assert held.entered == []


def _failing(articles: Sequence[ArticleIn], words: int, query: str | None, settings: Settings) -> Brief:
    raise RuntimeError("the pipeline broke")


def test_a_brief_that_raises_is_a_one_line_500_and_gives_its_slot_back() -> None:
    app = create_app(runner=_failing, max_concurrent=1, max_queued=0)
    gate: BriefGate = app.state.gate
    with live_server(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        for _ in range(3):  # with one slot and no queue, a lost slot would make the next one a 503
            response = http.post("/api/brief", json=_body("x"))
            assert response.status_code == 500
            assert _error_line(response) == "internal error: RuntimeError"
        wait_until(lambda: gate.held == 0, what="the slot to be free")


# -- the gate on its own --------------------------------------------------------------------------------


def test_a_freed_slot_goes_to_the_oldest_waiter_and_newcomers_queue_behind() -> None:
    async def scenario() -> list[str]:
        gate = BriefGate(slots=1, max_queued=5)
        order: list[str] = []
        assert await gate.enter(1) == "ok"

        async def wait(label: str) -> None:
            assert await gate.enter(5) == "ok"
            order.append(label)

        first = asyncio.create_task(wait("first"))
        await asyncio.sleep(0)
        second = asyncio.create_task(wait("second"))
        await asyncio.sleep(0)
        assert gate.queued == 2
        gate.release()
        await first
        newcomer = asyncio.create_task(wait("newcomer"))
        await asyncio.sleep(0)
        assert gate.queued == 2  # second and the newcomer, in that order
        gate.release()
        await second
        gate.release()
        await newcomer
        gate.release()
        assert gate.held == 0
        return order

    assert asyncio.run(scenario()) == ["first", "second", "newcomer"]


def test_the_gate_refuses_when_full_times_out_and_notices_a_departed_client() -> None:
    async def scenario() -> None:
        gate = BriefGate(slots=1, max_queued=1)
        assert await gate.enter(1) == "ok"
        waiter = asyncio.create_task(gate.enter(0.05))
        await asyncio.sleep(0)
        assert await gate.enter(1) == "full"
        assert await waiter == "timeout"
        assert gate.queued == 0

        gone: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        leaver = asyncio.create_task(gate.enter(10, gone))
        await asyncio.sleep(0)
        gone.set_result(None)
        assert await leaver == "gone"
        assert gate.queued == 0
        gate.release()
        assert gate.held == 0

    asyncio.run(scenario())


def test_a_slot_handed_to_a_waiter_that_is_cancelled_is_not_lost() -> None:
    async def scenario() -> None:
        gate = BriefGate(slots=1, max_queued=2)
        assert await gate.enter(1) == "ok"
        waiter = asyncio.create_task(gate.enter(10))
        await asyncio.sleep(0)
        gate.release()  # the slot passes to the waiter's ticket ...
        waiter.cancel()  # ... which is cancelled before it can run
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert gate.held == 0 and gate.queued == 0
        assert await gate.enter(0) == "ok"  # the slot is really free

    asyncio.run(scenario())
