"""The HTML briefing in a real headless Chromium: it paints, and every citation lands on a passage.

Why a browser: string checks cannot tell whether the page renders at all (a broken stylesheet or a
stray tag can blank it), or whether the browser's DOM keeps the ids the citations point at. Skipped only
when no Chromium binary is installed (``apt-get install -y chromium``).
"""

from __future__ import annotations

import struct
import subprocess
import tempfile
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium import BROWSERS, FLAGS, find_browser
from fixtures_brief import build_brief

from storyline.render import render_html

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1200, 2400


def _browser() -> str:
    found = find_browser()
    if found is None:
        looked = ", ".join(BROWSERS)
        pytest.skip(f"no Chromium binary on PATH (looked for {looked}); apt-get install -y chromium")
    return found


def _run(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        command = [
            browser,
            "--headless",
            *FLAGS,
            f"--user-data-dir={profile}",
            *args,
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _png_pixels(path: Path) -> tuple[int, int, set[tuple[int, ...]], float]:
    """Width, height, distinct colours and share of non-background pixels of a PNG."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is in the dev environment
        return _png_pixels_stdlib(path)
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        counts = rgb.getcolors(maxcolors=width * height) or []
    background = max(count for count, _ in counts)  # the most common colour is the page background
    return width, height, {colour for _, colour in counts}, 1 - background / (width * height)


def _png_pixels_stdlib(path: Path) -> tuple[int, int, set[tuple[int, ...]], float]:
    """A fallback PNG reader (8-bit RGB/RGBA, no interlace) so the test needs no imaging library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    previous, colours = bytearray(stride), Counter[tuple[int, ...]]()
    for row in range(height):
        offset = row * (stride + 1)
        kind, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        for i in range(0, stride, channels * 7):
            colours[tuple(line[i : i + 3])] += 1
        previous = line
    background = colours.most_common(1)[0][1]
    return width, height, set(colours), 1 - background / sum(colours.values())


class _Dom(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.summary_hrefs: list[str] = []
        self.open_details: list[str] = []
        self._in_summary = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        classes = (attributes.get("class") or "").split()
        if "summary-sentence" in classes:
            self._in_summary += 1
        if tag == "a" and self._in_summary and attributes.get("href"):
            self.summary_hrefs.append(attributes["href"] or "")
        if tag == "details" and "open" in attributes:
            self.open_details.append(" ".join(classes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._in_summary:
            self._in_summary -= 1


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("render") / "brief.html"
    path.write_text(render_html(build_brief()), encoding="utf-8")
    return path


def test_screenshot_is_a_painted_page(page: Path) -> None:
    browser = _browser()
    shot = page.with_suffix(".png")
    result = _run(browser, f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    width, height, colours, ink = _png_pixels(shot)
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(colours) > 200, "too few colours: the page did not render text"
    assert 0.03 < ink < 0.9, f"{ink:.1%} of pixels differ from the background"


def test_every_summary_citation_lands_on_a_passage_in_the_dom(page: Path) -> None:
    browser = _browser()
    result = _run(browser, "--dump-dom", page.as_uri())
    dom = _Dom(result.stdout)
    assert len(dom.summary_hrefs) == sum(len(s.citations) for s in build_brief().summary)
    for href in dom.summary_hrefs:
        assert href.startswith("#") and href[1:] in dom.ids, href
    assert not dom.open_details  # article texts start folded


def test_following_a_citation_unfolds_its_article(page: Path) -> None:
    browser = _browser()
    first = build_brief().summary[0].citations[0]
    target = f"{page.as_uri()}#a1-{first.start}-{first.end}"
    result = _run(browser, "--virtual-time-budget=2000", "--dump-dom", target)
    dom = _Dom(result.stdout)
    assert dom.open_details == ["article-text"]
