"""The web page in a real headless Chromium, driven by Playwright: brief the example corpus, click a citation.

Why a browser: the result is shown in a sandboxed frame, and whether a "#passage" link inside it scrolls to
the passage or reloads the app depends on how the browser resolves the frame's URL — string checks of the
HTML cannot tell (a srcdoc frame resolved every citation against the app's address). Playwright drives
Debian's Chromium (``/usr/bin/chromium``); no browser is downloaded. Skipped when either is missing.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import FLAGS, find_browser

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    import uvicorn

    from storyline.server.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_citation_in_the_result_opens_its_passage_in_place(
    example_corpus: Path, server_url: str, tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = find_browser()
    if browser_path is None:
        pytest.skip("no Chromium on PATH (apt-get install -y chromium)")
    texts = [path.read_text(encoding="utf-8") for path in sorted(example_corpus.glob("*.txt"))][:4]
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=browser_path, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server_url)
        bodies = page.locator("textarea.body")
        for index, text in enumerate(texts):
            if index >= bodies.count():
                page.click("#add-article")
            page.locator("textarea.body").nth(index).fill(text)
        page.click("#submit")
        page.wait_for_selector("#result-frame:not([hidden])", timeout=120_000)
        frame = page.frame_locator("#result-frame")
        link = frame.locator("#summary .cites a").first
        link.wait_for(timeout=60_000)
        href = link.get_attribute("href")
        assert href and href.startswith("#")
        link.click()
        target = frame.locator(f"[id='{href[1:]}']")
        target.wait_for(state="visible", timeout=10_000)
        inner = next(f for f in page.frames if f != page.main_frame)
        assert inner.url.startswith("blob:") and inner.url.endswith(href), inner.url
        assert inner.evaluate("document.querySelector(':target') !== null")
        assert page.url == server_url, "the app page itself must not navigate"
        page.screenshot(path=str(tmp_path / "server-citation.png"), full_page=False)
        browser.close()
