"""The newsroom in a real headless Chromium: every page at desk and phone width, citations, search, entity
pages, the speaker filter and adding articles through the form.

Why a browser: whether a page fits a 390 px screen, whether a citation opens the collapsed article and
scrolls its passage into view without a reload, whether the strict CSP blocks something the page needs
(a style attribute, a stylesheet), and whether the forms work without any script are all things only a
browser decides; HTML string checks cannot. One server and one Chromium serve the whole module; each test
opens its own context (its own cookies). The upload test changes the store, so it runs last.
Playwright drives Debian's Chromium (``/usr/bin/chromium``); nothing is downloaded. Skipped when either
is missing. Screenshots go to ``$STORYLINE_SCREENSHOTS`` when set, else to a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from chromium import FLAGS, find_browser
from newsroom_fixtures import EXAMPLES, KNOWN_QUOTE_WORDS, KNOWN_SPEAKER
from server_fixtures import live_server

pytestmark = pytest.mark.browser

WIDTHS = {"desk": (1280, 900), "phone": (390, 844)}
DAM_OUTLET = "Radio Wenlow"  # only the dam story has it
FERRY_OUTLET = "The Harbour Gazette"  # only the ferry story has it
QUOTE_OUTLETS = ("Meridian Press Agency", "Northern Post Online", "Radio Wenlow")  # carry the known quote
INQUIRY = EXAMPLES / "later" / "meridian-wire-dam-inquiry.txt"
TRAM_STRIKE = EXAMPLES / "later" / "northgate-observer-tram-strike.txt"
ADD_TIMEOUT_MS = 90_000
# Under the pages' CSP (no 'unsafe-eval') Playwright's wait_for_function must be given a function, never an
# expression, which it would eval. CSP_WATCH runs in every document before its own code and records CSP
# violations, which the page cannot (it has no scripts).
CSP_WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _text(locator: Any) -> str:
    """The element's text as written (not as CSS shows it: some headings are uppercased), spaces collapsed."""
    return " ".join((locator.text_content() or "").split())


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def base_url(built_newsroom_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from storyline.server.app import create_app

    store = tmp_path_factory.mktemp("newsroom-browser") / "stories.duckdb"
    shutil.copyfile(built_newsroom_store, store)
    with live_server(create_app(store=store)) as url:
        yield url


@pytest.fixture(scope="module")
def stories(base_url: str) -> dict[str, Any]:
    """The stored stories by role ("dam", "ferry"), read from the API before any test adds articles."""
    listed = httpx.get(f"{base_url}/api/v1/stories", timeout=30).json()["stories"]
    dam = [story for story in listed if DAM_OUTLET in story["outlets"]]
    ferry = [story for story in listed if FERRY_OUTLET in story["outlets"]]
    assert len(dam) == 1 and len(ferry) == 1, listed
    return {"dam": dam[0], "ferry": ferry[0], "all": listed}


@pytest.fixture(scope="module")
def quote_hit(base_url: str, stories: dict[str, Any]) -> dict[str, Any]:
    """A search hit of the known quote in the dam story (for the article page's address)."""
    found = httpx.get(
        f"{base_url}/api/v1/search", params={"q": KNOWN_QUOTE_WORDS, "kind": "quote"}, timeout=30
    ).json()
    hits = [hit for group in found["stories"] for hit in group["hits"]]
    assert hits, found
    assert hits[0]["story"] == stories["dam"]["id"]
    return hits[0]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    browser_path = find_browser()
    if browser_path is None:
        pytest.skip("no Chromium on PATH (apt-get install -y chromium)")
    with sync_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=browser_path, headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("STORYLINE_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Tab:
    """A page in a fresh browser context that records console errors, page errors and CSP violations."""

    def __init__(self, browser: Any, base_url: str, size: tuple[int, int] = WIDTHS["desk"]) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]}, base_url=base_url)
        self.context.add_init_script(CSP_WATCH)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.page.on("console", lambda message: self._console(message))
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda request: self.errors.append(f"request failed: {request.url}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def goto(self, path: str) -> Any:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, (path, response and response.status)
        return response

    def check_clean(self) -> None:
        """No console error, page error, failed request or CSP violation so far, in any document."""
        violations = self.page.evaluate("window.__csp || []")
        assert not self.errors and not violations, (self.page.url, self.errors, violations)

    def overflow(self) -> tuple[int, int]:
        return tuple(self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[Tab]:
    opened = Tab(browser, base_url)
    yield opened
    opened.close()


def _scroll_to_top(page: Any) -> None:
    """Wait for a smooth scroll (to a fragment) to end, then jump to the top of the page."""
    last = None
    for _ in range(50):
        now = page.evaluate("window.scrollY")
        if now == last:
            break
        last = now
        page.wait_for_timeout(100)
    for _ in range(50):
        page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
        if page.evaluate("window.scrollY") < 1:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the page does not scroll to the top (scrollY {page.evaluate('window.scrollY')})")


def _in_viewport(locator: Any) -> dict[str, Any]:
    """Where the element's first line box is, whether it lies in the viewport and is the topmost element
    there (not hidden under the sticky bar)."""
    return locator.evaluate(
        """(el) => {
            const box = el.getClientRects()[0] || el.getBoundingClientRect();
            const x = Math.min(Math.max(box.left + 4, 0), window.innerWidth - 1);
            const y = (box.top + box.bottom) / 2;
            const hit = document.elementFromPoint(x, y);
            return {top: box.top, bottom: box.bottom, height: window.innerHeight,
                    inside: box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0,
                    onTop: hit !== null && (hit === el || el.contains(hit) || hit.contains(el))};
        }"""
    )


# -- 1. every page at desk and phone width ----------------------------------------------------------


PAGES = ["stories", "story", "search", "entity", "article", "add"]


def _page_path(name: str, stories: dict[str, Any], hit: dict[str, Any]) -> str:
    return {
        "stories": "/",
        "story": f"/stories/{stories['dam']['id']}",
        "search": f"/search?q={quote(KNOWN_QUOTE_WORDS)}",
        "entity": f"/entities/{quote(KNOWN_SPEAKER)}",
        "article": hit["href"],
        "add": "/add",
    }[name]


def _check_key_content(name: str, tab: Tab, stories: dict[str, Any]) -> None:
    page = tab.page
    if name == "stories":
        titles = page.locator(".story-card .story-title a")
        assert titles.count() == len(stories["all"])
        for role in ("dam", "ferry"):
            card = titles.filter(has_text=stories[role]["title"])
            assert card.count() == 1 and card.is_visible(), stories[role]["title"]
            assert card.get_attribute("href") == f"/stories/{stories[role]['id']}"
        assert page.locator(".story-card svg.spark").first.is_visible()
    elif name == "story":
        assert _text(page.locator("h1")) == stories["dam"]["title"]
        heading = page.locator("#h-summary")
        assert heading.is_visible() and _text(heading).startswith("Summary")
        assert page.locator("#summary .summary-sentence").first.is_visible()
        assert page.locator("#changes").is_visible()
        # every "Carried by N Outlet" names the outlet of article N of the Articles section
        carriers = page.evaluate(
            """() => [...document.querySelectorAll('#quotes a.num')].map(a => [
                a.nextSibling ? a.nextSibling.textContent.split(',')[0].trim() : '',
                document.querySelector(a.getAttribute('href') + ' dd').textContent.trim()])"""
        )
        assert carriers and all(said == listed for said, listed in carriers), carriers
    elif name == "search":
        hit = page.locator(".hit-group .hit").first
        assert hit.is_visible()
        assert _words(KNOWN_QUOTE_WORDS) in _words(_text(hit))
    elif name == "entity":
        assert _text(page.locator("h1")) == KNOWN_SPEAKER
        assert page.locator(".entity-quotes .quote").first.is_visible()
    elif name == "article":
        mark = page.locator("mark#passage")
        assert mark.is_visible() and _words(KNOWN_QUOTE_WORDS) in _words(_text(mark))
    elif name == "add":
        for selector in (
            "form.add-form textarea[name=text]",
            "form.add-form input[name=title]",
            "form.add-form button[type=submit]",
        ):
            assert page.locator(selector).is_visible(), selector
        assert page.locator("form.add-form input[type=file][name=files]").count() == 1


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_cleanly_at_desk_and_phone_width(
    browser: Any,
    base_url: str,
    stories: dict[str, Any],
    quote_hit: dict[str, Any],
    shots: Path,
    name: str,
    width: str,
) -> None:
    tab = Tab(browser, base_url, WIDTHS[width])
    try:
        tab.goto(_page_path(name, stories, quote_hit))
        tab.page.wait_for_load_state("load")
        _check_key_content(name, tab, stories)
        # the stylesheets really applied (a CSP or path mistake would leave the page unstyled)
        assert tab.page.evaluate("getComputedStyle(document.querySelector('.bar')).position") == "sticky"
        scroll_width, inner_width = tab.overflow()
        assert scroll_width <= inner_width + 1, f"{name} overflows at {width}: {scroll_width} > {inner_width}"
        shot = shots / f"{name}-{WIDTHS[width][0]}.png"
        # from the top: scrolled (the article page is, to its passage) the sticky bar lands mid-picture
        _scroll_to_top(tab.page)
        tab.page.screenshot(path=str(shot), full_page=True)
        assert shot.is_file() and shot.stat().st_size > 5_000, shot
        tab.check_clean()
    finally:
        tab.close()


# Elements wider than the main column that nothing clips: the page may still fit (its padding hides a few
# pixels) but a control then sticks out of its box. Content of a scrolling box (the claims table) is fine.
STICKING_OUT = """() => {
  const main = document.querySelector('main.page');
  const edge = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight) + 1;
  const out = [];
  for (const el of main.querySelectorAll('*')) {
    let clipped = false;
    for (let up = el.parentElement; up && up !== main; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { clipped = true; break; }
    }
    const box = el.getBoundingClientRect();
    if (!clipped && box.width > 0 && box.right > edge) {
      out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ends at '
               + Math.round(box.right) + ' px, the column at ' + Math.round(edge) + ' px');
    }
  }
  return out;
}"""


@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_sticks_out_of_the_column_at_phone_width(
    browser: Any, base_url: str, stories: dict[str, Any], quote_hit: dict[str, Any], name: str
) -> None:
    tab = Tab(browser, base_url, WIDTHS["phone"])
    try:
        tab.goto(_page_path(name, stories, quote_hit))
        assert tab.page.evaluate(STICKING_OUT) == []
    finally:
        tab.close()


OVERLAPS = """(parts) => {
  const boxes = parts.flatMap((el, index) => [...el.getClientRects()].map((r) => [index, r]));
  const found = [];
  for (const [i, a] of boxes) for (const [j, b] of boxes) {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (i < j && w > 1 && h > 1) {
      found.push(parts[i].textContent.trim() + ' / ' + parts[j].textContent.trim());
    }
  }
  return found;
}"""


def test_the_article_pages_heading_and_meta_line_do_not_overlap(
    browser: Any, base_url: str, quote_hit: dict[str, Any]
) -> None:
    tab = Tab(browser, base_url, WIDTHS["phone"])
    try:
        tab.goto(quote_hit["href"])
        parts = tab.page.locator(".masthead h1, .masthead .meta > span, .article-full")
        assert parts.count() >= 4
        assert parts.evaluate_all(OVERLAPS) == []
    finally:
        tab.close()


# -- 2. a citation opens its passage in place -------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_citation_in_the_summary_opens_and_shows_its_passage(
    browser: Any, base_url: str, stories: dict[str, Any], width: str
) -> None:
    tab = Tab(browser, base_url, WIDTHS[width])
    try:
        page = tab.page
        tab.goto(f"/stories/{stories['dam']['id']}")
        link = page.locator("#summary .cites a").first
        href = link.get_attribute("href")
        assert href and re.fullmatch(r"#a\d+-\d+-\d+", href), href
        target = page.locator(f"mark[id='{href[1:]}']")
        assert target.count() == 1
        assert target.evaluate("m => m.closest('details.article-text').open") is False
        assert not target.is_visible(), "the passage should start collapsed"
        page.evaluate("window.__marker = 1")
        link.click()
        page.wait_for_function("(hash) => location.hash === hash", arg=href)
        target.wait_for(state="visible", timeout=5_000)
        page.wait_for_function(  # smooth scrolling, if any, has finished
            "(id) => { const r = document.getElementById(id).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= innerHeight; }",
            arg=href[1:],
        )
        assert target.evaluate("m => m.closest('details.article-text').open") is True
        where = _in_viewport(target)
        assert where["inside"] and where["onTop"], where
        assert page.evaluate("window.__marker") == 1, "the page reloaded"
        assert (
            page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
            == href[1:]
        )
        background = target.evaluate("m => getComputedStyle(m).backgroundColor")
        assert background == "rgb(255, 233, 138)", background  # --target: the cited passage stands out
        tab.check_clean()
    finally:
        tab.close()


# -- 3. search finds a known quote ------------------------------------------------------------------


def test_search_finds_the_ministers_quote_and_links_to_its_passage(tab: Tab, stories: dict[str, Any]) -> None:
    page = tab.page
    tab.goto("/search")
    box = page.locator("form.search-form input[name=q]")
    box.fill(KNOWN_QUOTE_WORDS)
    page.select_option("form.search-form select[name=kind]", "quote")
    with page.expect_navigation():
        box.press("Enter")
    assert "q=" in page.url and "kind=quote" in page.url, page.url
    dam = stories["dam"]
    group = page.locator(".hit-group").filter(has=page.locator(f"h2 a[href='/stories/{dam['id']}']"))
    assert group.count() == 1
    assert _text(group.locator("h2")).startswith(dam["title"])
    quotes = group.locator("li.hit.k-quote").filter(has_text=KNOWN_SPEAKER)
    assert quotes.count() >= 1
    hit = quotes.first
    assert _text(hit.locator(".pill")) == "quote"
    assert _words(KNOWN_QUOTE_WORDS) in _words(_text(hit))
    assert hit.locator("mark").count() >= 4, "the query's words are highlighted"
    assert any(outlet in _text(hit.locator(".hit-meta")) for outlet in QUOTE_OUTLETS)
    with page.expect_navigation():
        hit.locator("a.passage-link").click()
    assert re.search(r"/articles/[^/?#]+\?start=\d+&end=\d+#passage$", page.url), page.url
    mark = page.locator("mark#passage")
    mark.wait_for(state="visible")
    assert _words(KNOWN_QUOTE_WORDS) in _words(_text(mark))
    where = _in_viewport(mark)
    assert where["inside"] and where["onTop"], where
    story_link = page.locator(f".kicker a[href='/stories/{dam['id']}']")
    assert story_link.is_visible()
    tab.check_clean()


# The forms as a browser sends them: every field, the empty ones as "" (which mean "not given").


def test_the_search_form_works_with_everything_selected(tab: Tab, stories: dict[str, Any]) -> None:
    page = tab.page
    tab.goto("/search")
    page.locator("form.search-form input[name=q]").fill(KNOWN_QUOTE_WORDS)
    with page.expect_navigation():
        page.locator("form.search-form button[type=submit]").click()
    assert page.locator(".error-message").count() == 0, _text(page.locator(".error-message"))
    assert page.locator(f".hit-group h2 a[href='/stories/{stories['dam']['id']}']").count() == 1
    assert page.locator(".hit.k-quote").count() >= 1 and page.locator(".hit.k-sentence").count() >= 1


def test_the_story_list_filter_form_works_with_empty_dates(tab: Tab, stories: dict[str, Any]) -> None:
    page = tab.page
    tab.goto("/")
    page.select_option("form.filters select[name=outlet]", DAM_OUTLET)
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    assert page.locator(".error-message").count() == 0, _text(page.locator(".error-message"))
    titles = page.locator(".story-card .story-title a")
    assert titles.count() == 1 and _text(titles.first) == stories["dam"]["title"]


# -- 4. the entity page lists the quote -------------------------------------------------------------


def test_the_speaker_link_leads_to_an_entity_page_listing_the_quote(
    tab: Tab, stories: dict[str, Any]
) -> None:
    page = tab.page
    dam = stories["dam"]
    tab.goto(f"/stories/{dam['id']}")
    speaker = page.locator("#quotes .speaker h3 a", has_text=KNOWN_SPEAKER).first
    assert speaker.get_attribute("href") == f"/entities/{quote(KNOWN_SPEAKER)}"
    with page.expect_navigation():
        speaker.click()
    assert page.url.endswith(f"/entities/{quote(KNOWN_SPEAKER)}")
    assert _text(page.locator("h1")) == KNOWN_SPEAKER
    listed = page.locator(".entity-quotes li.quote").filter(has_text=re.compile("wonder whether the wall"))
    assert listed.count() >= 1
    item = listed.first
    assert _words(KNOWN_QUOTE_WORDS) in _words(_text(item.locator(".quote-text")))
    meta = _text(item.locator(".quote-meta"))
    assert any(outlet in meta for outlet in QUOTE_OUTLETS), meta
    assert item.locator("time").count() == 1
    to_story = item.locator(f".quote-meta a[href='/stories/{dam['id']}']")
    assert _text(to_story) == dam["title"]
    with page.expect_navigation():
        to_story.click()
    assert _text(page.locator("h1")) == dam["title"]
    tab.check_clean()


# -- 6. the speaker filter --------------------------------------------------------------------------


def test_the_speaker_filter_shows_only_that_speakers_quotes(tab: Tab, stories: dict[str, Any]) -> None:
    page = tab.page
    tab.goto(f"/stories/{stories['dam']['id']}")
    groups = page.locator("#quotes .speaker")
    assert groups.count() > 1
    names = page.locator("#quotes select[name=speaker] option").all_inner_texts()
    assert KNOWN_SPEAKER in names and names[0] == "every speaker"
    expected = page.locator("#quotes .speaker", has=page.locator("h3 a", has_text=KNOWN_SPEAKER))
    expected_quotes = expected.first.locator("figure.quote").count()
    page.select_option("#quotes select[name=speaker]", KNOWN_SPEAKER)
    with page.expect_navigation():
        page.locator("#quotes .speaker-filter button[type=submit]").click()
    assert "speaker=Ruth+Okafor" in page.url and page.url.endswith("#quotes"), page.url
    assert groups.count() == 1
    assert _text(groups.first.locator("h3 a")) == KNOWN_SPEAKER
    assert groups.first.locator("figure.quote").count() == expected_quotes
    assert page.locator("#quotes select[name=speaker]").input_value() == KNOWN_SPEAKER
    assert "by 1 speaker" in _text(page.locator("#h-quotes"))
    assert page.locator("#quotes .speaker-filter a", has_text="all speakers").is_visible()
    assert page.locator("#summary .summary-sentence").count() > 0, "the rest of the brief is still shown"
    tab.check_clean()


# -- 5. adding articles (last: it changes the store) ------------------------------------------------


def _submit_add_form(tab: Tab) -> Any:
    page = tab.page
    with page.expect_navigation(timeout=ADD_TIMEOUT_MS):
        page.locator("form.add-form button[type=submit]").click()
    result = page.locator("section.added")
    result.wait_for(timeout=ADD_TIMEOUT_MS)
    return result


def test_uploaded_and_pasted_articles_join_or_start_stories(tab: Tab, stories: dict[str, Any]) -> None:
    page = tab.page
    page.set_default_navigation_timeout(ADD_TIMEOUT_MS)
    dam = stories["dam"]
    # the first visit sets the visit memory the "Since your last visit" box compares with
    tab.goto(f"/stories/{dam['id']}")
    assert "first visit" in _text(page.locator("#changes"))
    tab.goto(f"/stories/{dam['id']}")
    assert "Nothing new since your last visit" in _text(page.locator("#changes"))

    tab.goto("/add")
    page.set_input_files("form.add-form input[name=files]", str(INQUIRY))
    result = _submit_add_form(tab)
    assert _text(result.locator("h2")).startswith("1 article added")
    added = result.locator("li.added-article")
    assert added.count() == 1
    line = _text(added.first)
    assert "joined the story" in line and "Meridian Press Agency" in line, line
    title = _text(added.first.locator("strong"))
    assert "independent inquiry" in title, title
    link = added.first.locator("a")
    assert link.get_attribute("href") == f"/stories/{dam['id']}"
    assert _text(added.first.locator(".sid")) == dam["id"]
    with page.expect_navigation():
        link.click()
    changes = page.locator("#changes")
    assert "1 new article" in _text(changes), _text(changes)
    new = changes.locator("li.new-article")
    assert new.count() == 1 and title in _text(new.first)
    assert "Meridian Press Agency" in _text(new.first)
    assert page.locator("#articles article.source .title", has_text=title).count() == 1
    assert f"{dam['articles'] + 1} articles" in _text(page.locator(".masthead .meta"))

    tab.goto("/add")
    page.locator("form.add-form textarea[name=text]").fill(TRAM_STRIKE.read_text(encoding="utf-8"))
    page.locator("form.add-form input[name=outlet]").fill("The Northgate Observer")
    result = _submit_add_form(tab)
    added = result.locator("li.added-article")
    assert added.count() == 1
    line = _text(added.first)
    assert "started the new story" in line, line
    link = added.first.locator("a")
    new_id = _text(added.first.locator(".sid"))
    known = {story["id"] for story in stories["all"]}
    assert re.fullmatch(r"S\d+", new_id) and new_id not in known, (new_id, known)
    assert link.get_attribute("href") == f"/stories/{new_id}"
    story_title = _text(link)
    assert "tram" in story_title.lower(), story_title

    tab.goto("/")
    card = page.locator(f".story-card .story-title a[href='/stories/{new_id}']")
    assert card.count() == 1 and card.is_visible()
    assert _text(card) == story_title
    assert page.locator(".story-card .story-title a").count() == len(stories["all"]) + 1
    with page.expect_navigation():
        card.click()
    assert _text(page.locator("h1")) == story_title
    assert "Delia Markham" in _text(page.locator("#quotes"))
    tab.check_clean()
