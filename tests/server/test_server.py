"""The HTTP server through FastAPI's TestClient: the page, the limits, the errors, and a real brief.

The limit tests use tiny limits on a real app so they run in milliseconds; the end-to-end test runs the
real pipeline on the example corpus, so a broken wiring between server, API and renderers fails here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.config import Settings
from storyline.server.app import MAX_ARTICLES, create_app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(max_body_bytes=2_000, max_articles=3)) as test_client:
        yield test_client


def _one_line_error(response_json: dict[str, str]) -> str:
    assert set(response_json) == {"error"}
    message = response_json["error"]
    assert message and "\n" not in message
    return message


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_index_page_has_the_form_and_a_nonce_bound_script(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    for needle in ('id="brief-form"', "<textarea", 'type="file"', 'id="words"', 'id="query"', "api/brief"):
        assert needle in page
    assert "Up to 3 articles and 2,000 bytes" in page
    assert "a brief gets at most 120 seconds" in page
    policy = response.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce and f'<script nonce="{nonce.group(1)}">' in page
    assert client.get("/").headers["content-security-policy"] != policy  # a fresh nonce per page


def test_default_page_shows_settings_based_limits() -> None:
    with TestClient(
        create_app(Settings(max_file_bytes=1_234_567, words=180), time_budget_seconds=45)
    ) as test_client:
        page = test_client.get("/").text
    assert f"Up to {MAX_ARTICLES} articles and 1,234,567 bytes" in page
    assert "a brief gets at most 45 seconds" in page
    assert 'value="180"' in page


def test_body_over_the_limit_is_rejected_by_content_length(client: TestClient) -> None:
    payload = json.dumps({"articles": [{"text": "x" * 3_000}]})
    response = client.post("/api/brief", content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "2,000 bytes" in _one_line_error(response.json())


def test_body_over_the_limit_is_rejected_while_streaming_without_content_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"y" * 500

    response = client.post("/api/brief", content=chunks(), headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    _one_line_error(response.json())


def test_too_many_articles(client: TestClient) -> None:
    response = client.post("/api/brief", json={"articles": [{"text": "a"}] * 4})
    assert response.status_code == 413
    assert _one_line_error(response.json()) == "too many articles: 4 (at most 3)"


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        (b"{not json", 400, "not valid JSON"),
        (b'{"articles": []}', 422, "articles"),
        (b'{"articles": [{"url": "https://example.org"}]}', 422, 'needs a non-empty "text" or "html"'),
        (b'{"articles": [{"text": "t"}], "words": 5}', 422, "words"),
        (b'{"articles": [{"text": "t"}], "format": "pdf"}', 422, "format"),
        (b'{"articles": [{"text": "t", "path": "/etc/passwd"}]}', 422, "path"),
        (b'["text"]', 422, "must be a JSON object"),
    ],
)
def test_bad_requests_get_one_line_json_errors(
    client: TestClient, payload: bytes, status: int, fragment: str
) -> None:
    response = client.post("/api/brief", content=payload, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert fragment in _one_line_error(response.json())


def test_non_json_content_type_is_refused(client: TestClient) -> None:
    response = client.post("/api/brief", content=b"articles=1", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    _one_line_error(response.json())


def test_unknown_route_is_a_json_error(client: TestClient) -> None:
    response = client.get("/nope")
    assert response.status_code == 404
    _one_line_error(response.json())


def test_article_that_looks_like_a_path_is_never_opened(tmp_path: Path) -> None:
    secret = "QUARTZ-HERON-7731 " * 40
    target = tmp_path / "story.txt"
    target.write_text(f"Dockworkers walked out on Monday. {secret}\n" * 3, encoding="utf-8")
    with TestClient(create_app()) as test_client:
        payload = {"articles": [{"text": str(target)}], "format": "json"}
        response = test_client.post("/api/brief", json=payload)
    assert "QUARTZ-HERON" not in response.text
    if response.status_code == 200:  # the path string itself was briefed as a (very short) article
        assert [article["text"].strip() for article in response.json()["articles"]] == [str(target)]
    else:  # or the cleaner found too little text in it
        assert response.status_code == 422
        assert "nothing could be briefed" in _one_line_error(response.json())


def _corpus_articles(example_corpus: Path) -> list[dict[str, str]]:
    articles: list[dict[str, str]] = []
    for path in sorted(example_corpus.iterdir()):
        if path.suffix == ".txt":
            articles.append({"text": path.read_text(encoding="utf-8")})
        elif path.suffix == ".html":
            articles.append({"html": path.read_text(encoding="utf-8")})
        elif path.suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            articles.extend(json.loads(line) for line in lines if line.strip())
    return articles


def test_end_to_end_brief_of_the_example_corpus_as_json_and_html(example_corpus: Path) -> None:
    articles = _corpus_articles(example_corpus)
    assert len(articles) == 8
    with TestClient(create_app()) as test_client:
        response = test_client.post("/api/brief", json={"articles": articles, "words": 120, "format": "json"})
        assert response.status_code == 200, response.text
        brief = response.json()
        assert brief["schema"] == "storyline.brief/3"
        assert len(brief["articles"]) >= 6
        assert brief["summary"] and all(item["citations"] for item in brief["summary"])
        ids = {article["id"] for article in brief["articles"]}
        assert {c["article"] for item in brief["summary"] for c in item["citations"]} <= ids
        assert not any(a["source"].startswith("/") for a in brief["articles"])
        words = sum(len(item["text"].split()) for item in brief["summary"])
        assert 0 < words <= 200

        page = test_client.post("/api/brief", json={"articles": articles[1:3], "format": "html"})
        assert page.status_code == 200, page.text
        assert page.headers["content-type"].startswith("text/html")
        assert "Calder Ridge" in page.text and "<html" in page.text.lower()
        assert int(page.headers["x-storyline-skipped"]) >= 0


def test_skipped_articles_are_counted_in_the_headers_and_the_json(example_corpus: Path) -> None:
    good = (example_corpus / "courier-sunday-valley.txt").read_text(encoding="utf-8")
    german = "Der Fluss stieg über Nacht, und die Behörden sagten, vierzig Häuser seien überflutet. " * 4
    articles = [{"text": good}, {"text": "too short"}, {"text": german}]
    with TestClient(create_app()) as test_client:
        response = test_client.post("/api/brief", json={"articles": articles, "format": "json"})
    assert response.status_code == 200, response.text
    assert response.headers["x-storyline-skipped"] == "2"
    assert response.headers["x-storyline-problems"] == "dropped=2"
    problems = response.json()["problems"]
    assert len(problems) == 2
    assert all(p["layer"] is None and p["source"].startswith("input:") for p in problems)
