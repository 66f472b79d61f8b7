"""Hostile and odd input to ``POST /api/brief``: every answer is 200 or the right 4xx, never a 500.

Covers the findings of issue 11: deeply nested JSON (was a 500 RecursionError), bodies of the wrong shape
and fields of the wrong type (422 naming the field), lone surrogates in any string (was a 500 when the
pipeline or the response encoder met one), wrong content types, oversized and chunked bodies, unicode edge
cases, and requests that name files on this machine or URLs on loopback, which must never be read.
Most tests use the in-process TestClient on the real app and pipeline; the body-streaming and no-fetch
tests also go through a real uvicorn server, since that is where a half-read body or a stray fetch shows.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from fastapi.testclient import TestClient
from server_fixtures import article, live_server

from storyline.server.app import MAX_JSON_DEPTH, create_app

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(max_body_bytes=200_000, max_articles=5)) as test_client:
        yield test_client


def _post(client: TestClient, body: bytes | str, headers: dict[str, str] | None = None) -> httpx.Response:
    content = body.encode("utf-8") if isinstance(body, str) else body
    return client.post("/api/brief", content=content, headers=JSON if headers is None else headers)


def _error_line(response: httpx.Response) -> str:
    payload = response.json()
    assert set(payload) == {"error"}, payload
    assert payload["error"] and "\n" not in payload["error"]
    return str(payload["error"])


def _escaped(text: str) -> str:
    """``text`` as a JSON string literal, keeping escapes such as ``\\ud800`` that Python cannot encode."""
    return '"' + text + '"'


# -- nesting, shape and types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,
        "{" * 100_000,
        '{"articles": ' + "[" * 50_000 + "]" * 50_000 + "}",
        '{"articles": [{"text": "x", "title": ' + '{"a":' * 5_000 + "1" + "}" * 5_000 + "}]}",
        "[" * (MAX_JSON_DEPTH + 5) + "]" * (MAX_JSON_DEPTH + 5),
    ],
    ids=["arrays", "objects-unclosed", "deep-articles", "deep-title", "just-over-the-limit"],
)
def test_deeply_nested_json_is_a_400(client: TestClient, body: str) -> None:
    response = _post(client, body)
    assert response.status_code == 400, response.text
    assert "nest" in _error_line(response) or "not valid JSON" in _error_line(response)


def test_nesting_within_the_limit_is_judged_by_shape_not_depth(client: TestClient) -> None:
    inner = "[" * (MAX_JSON_DEPTH - 3) + "]" * (MAX_JSON_DEPTH - 3)
    response = _post(client, '{"articles": [{"text": ' + inner + "}]}")
    assert response.status_code == 422
    assert _error_line(response) == "articles.0.text: must be a string"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[]", 'the body must be a JSON object with an "articles" list, not an array'),
        ('"articles"', 'the body must be a JSON object with an "articles" list, not a string'),
        ("42", 'the body must be a JSON object with an "articles" list, not a number'),
        ("null", 'the body must be a JSON object with an "articles" list, not null'),
        ("{}", "articles: is required"),
        ('{"articles": {"text": "x"}}', "articles: must be a list"),
        ('{"articles": "x"}', "articles: must be a list"),
        ('{"articles": [5]}', "articles.0: must be a JSON object"),
        ('{"articles": [["x"]]}', "articles.0: must be a JSON object"),
        ('{"articles": [{"text": 5}]}', "articles.0.text: must be a string"),
        ('{"articles": [{"text": "x", "html": ["<p>"]}]}', "articles.0.html: must be a string"),
        ('{"articles": [{"text": "x", "url": 7}]}', "articles.0.url: must be a string"),
        ('{"articles": [{"text": "x", "title": {}}]}', "articles.0.title: must be a string"),
        ('{"articles": [{"text": "x", "outlet": true}]}', "articles.0.outlet: must be a string"),
        ('{"articles": [{"text": "x", "published": 2024}]}', "articles.0.published: must be a string"),
        ('{"articles": [{"text": "x"}], "words": "150"}', "words: must be an integer"),
        ('{"articles": [{"text": "x"}], "words": true}', "words: must be an integer"),
        ('{"articles": [{"text": "x"}], "words": 150.5}', "words: must be an integer"),
        ('{"articles": [{"text": "x"}], "query": ["why"]}', "query: must be a string"),
        ('{"articles": [{"text": "x"}], "format": 1}', "format: Input should be 'json', 'html' or 'md'"),
        ('{"articles": [{"text": "x"}], "extra": 1}', "extra: is not a known field"),
        ('{"articles": [{"text": "x", "file": "/etc/passwd"}]}', "articles.0.file: is not a known field"),
    ],
)
def test_wrong_shapes_and_types_are_422_naming_the_field(client: TestClient, body: str, message: str) -> None:
    response = _post(client, body)
    assert response.status_code == 422, response.text
    assert _error_line(response) == message


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "not valid JSON"),
        (b'{"articles": [}', "not valid JSON"),
        (b'{"articles": [{"text": "x"}]} trailing', "not valid JSON"),
        (b'{"articles": [{"text": "caf\xe9"}]}', "not UTF-8"),  # Latin-1 bytes
        (b'{"articles": [{"text": "\xed\xa0\x80"}]}', "not UTF-8"),  # a surrogate as raw UTF-8 bytes
        ('{"articles": [{"text": "x"}]}'.encode("utf-16"), "not UTF-8"),
        (b'{"articles": [{"text": NaN}]}', "must be a string"),  # json accepts NaN; the schema does not
    ],
)
def test_malformed_json_is_a_400(client: TestClient, body: bytes, fragment: str) -> None:
    response = _post(client, body)
    assert response.status_code in (400, 422), response.text
    assert fragment in _error_line(response)
    assert response.status_code == (422 if fragment == "must be a string" else 400)


def test_a_utf8_byte_order_mark_is_tolerated(client: TestClient) -> None:
    body = "\ufeff" + json.dumps({"articles": [{"text": article(1)}]})
    assert _post(client, body).status_code == 200


# -- content types and sizes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/x-ndjson",
        "text/json",
        "application/xml",
        "",
    ],
)
def test_wrong_content_types_are_415(client: TestClient, content_type: str) -> None:
    body = json.dumps({"articles": [{"text": article(2)}]})
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/api/brief", content=body.encode(), headers=headers)
    assert response.status_code == 415, response.text
    assert "application/json" in _error_line(response)


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json"]
)
def test_json_content_types_are_accepted(client: TestClient, content_type: str) -> None:
    body = json.dumps({"articles": [{"text": article(3)}]})
    response = client.post("/api/brief", content=body.encode(), headers={"content-type": content_type})
    assert response.status_code == 200, response.text


def test_too_many_articles_is_413_before_validation(client: TestClient) -> None:
    body = json.dumps({"articles": [5] * 1000})  # not even objects: the count is refused first
    response = _post(client, body)
    assert response.status_code == 413
    assert _error_line(response) == "too many articles: 1000 (at most 5)"


def test_many_articles_in_the_default_app_are_413() -> None:
    with TestClient(create_app()) as test_client:
        body = json.dumps({"articles": [{"text": "a"}] * 100_000})
        response = _post(test_client, body)
    assert response.status_code == 413
    assert _error_line(response) == "too many articles: 100000 (at most 200)"


def test_oversized_bodies_get_413_from_a_real_server() -> None:
    """By Content-Length and, without one, counted while a chunked body streams in: the client reads a 413
    (not a reset connection), and the server still answers the next request on the same connection."""
    with live_server(create_app(max_body_bytes=50_000)) as url, httpx.Client(base_url=url) as http:
        declared = http.post("/api/brief", content=b"[" * 60_000, headers=JSON)
        assert declared.status_code == 413
        assert "50,000 bytes" in _error_line(declared)

        def chunks() -> Iterator[bytes]:
            for _ in range(2_000):
                yield b" " * 1_000

        streamed = http.post("/api/brief", content=chunks(), headers=JSON)
        assert "content-length" not in streamed.request.headers
        assert streamed.status_code == 413
        assert "50,000 bytes" in _error_line(streamed)

        follow_up = http.post("/api/brief", json={"articles": [{"text": article(4)}]})
        assert follow_up.status_code == 200, follow_up.text


# -- lone surrogates and unicode edge cases ----------------------------------------------------------


TEXT = article(5)


@pytest.mark.parametrize("fmt", ["json", "html", "md"])
@pytest.mark.parametrize("field", ["text", "title", "outlet", "url", "published", "query", "html"])
@pytest.mark.parametrize(
    "surrogate", ["\\ud800", "\\udfff", "\\ude00\\ud83d"], ids=["high", "low", "reversed"]
)
def test_lone_surrogates_are_briefed_as_replacement_characters(
    client: TestClient, fmt: str, field: str, surrogate: str
) -> None:
    fields = {"text": json.dumps(TEXT)}
    if field == "text":
        fields["text"] = json.dumps(TEXT[:80])[:-1] + surrogate + json.dumps(TEXT[80:])[1:]
    elif field == "html":
        fields = {"html": json.dumps(f"<html><body><article><p>{TEXT}</p><p>ok</p></article></body></html>")}
        fields["html"] = fields["html"].replace("<p>ok", "<p>ok" + surrogate)
    elif field != "query":
        fields[field] = _escaped(f"Halvern {surrogate} Courier")
    article_json = "{" + ", ".join(f'"{name}": {value}' for name, value in fields.items()) + "}"
    query = f', "query": {_escaped("why " + surrogate)}' if field == "query" else ""
    body = '{"articles": [' + article_json + "]" + query + f', "format": "{fmt}", "words": 60}}'
    response = _post(client, body)
    assert response.status_code == 200, response.text
    text = response.content.decode("utf-8")  # strict: the response encodes
    assert "\ufffd" in text or field in ("query", "html", "published")
    if fmt == "json":
        json.loads(text)


UNICODE_CASES = {
    "rtl-marks": "\u200f\u202eHalvern\u202c\u200e ",
    "zero-width": "\u200b\u200c\u200d\u2060 ",
    "zwj-emoji": "\U0001f469\u200d\U0001f467\u200d\U0001f466 ",
    "combining": "e" + "\u0301" * 250 + " ",  # under the 300 characters of an outlet
    "emoji": "\U0001f6a2\U0001f4e6 ",
    "escaped-pair": "\\ud83d\\ude00 ",
    "noncharacters": "\uffff\ufffe\U0010ffff ",
    "nul": "\\u0000 ",
    "controls": "\\u0007\\u001b[31m\\u0008 ",
    "bom-inside": "\ufeff ",
    "line-separators": "\u2028\u2029\u0085 ",
    "only-combining": "\u0301\u0302\u0303 ",
}


@pytest.mark.parametrize("fmt", ["json", "html", "md"])
@pytest.mark.parametrize("case", sorted(UNICODE_CASES))
def test_unicode_edge_cases_in_every_field_are_briefed(client: TestClient, case: str, fmt: str) -> None:
    odd = UNICODE_CASES[case]
    text = json.dumps(TEXT[:60])[:-1] + odd + json.dumps(TEXT[60:])[1:]
    body = (
        f'{{"articles": [{{"text": {text}, "title": {_escaped(odd + "Strike")}, '
        f'"outlet": {_escaped(odd)}}}], "query": {_escaped(odd + "why")}, "format": "{fmt}", "words": 60}}'
    )
    json.loads(body)  # the test's own body is valid JSON
    response = _post(client, body)
    assert response.status_code == 200, response.text
    decoded = response.content.decode("utf-8")  # strict: the response encodes
    if fmt == "json":
        assert json.loads(decoded)["articles"]


def test_a_text_of_only_odd_characters_is_a_clear_422(client: TestClient) -> None:
    body = json.dumps({"articles": [{"text": "".join(UNICODE_CASES.values()) * 3}]})
    response = _post(client, body)
    assert response.status_code == 422
    assert "nothing could be briefed" in _error_line(response)


# -- nothing in a request is read from this machine or fetched --------------------------------------


class _Secrets(BaseHTTPRequestHandler):
    token: ClassVar[str] = ""
    hits: ClassVar[list[str]] = []  # a subclass per test, made by the fixture

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = f"<html><body><p>{self.token}</p></body></html>".encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def secret_site() -> Iterator[tuple[str, type[_Secrets]]]:
    """A loopback web server whose every page holds a secret token, counting the requests it gets."""
    handler = type("Secrets", (_Secrets,), {"token": "LOOPBACK-OSPREY-5521", "hits": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def _naming_requests(target: Path, site: str) -> list[tuple[dict[str, object], int]]:
    """Requests that name the secret file or the secret site in every field and markup we could think of,
    each with its status: 422 when the whole text is the name (too short to brief), otherwise 200, so the
    markup and metadata really go through the pipeline and a read or a fetch would show in the brief."""
    path = str(target)
    names = [
        path,
        f"file://{path}",
        f"file:{path}",
        f"FILE://localhost{path}",
        f"{site}/secret",
        f"{site}/secret.html",
        "/proc/self/environ",
        "../" * 12 + path.lstrip("/"),
    ]
    prose = "<p>" + article(6) + "</p><p>" + article(7) + "</p>"
    requests: list[dict[str, object]] = []
    for name in names:
        requests.append({"articles": [{"text": name}]})  # the only 422 of each name
        requests.append({"articles": [{"text": article(8), "url": name, "title": name, "outlet": name}]})
        requests.append({"articles": [{"text": article(8)}], "query": name})
        markup = (
            f'<!DOCTYPE html><html><head><base href="{name}"><link rel="stylesheet" href="{name}">'
            f'<script src="{name}"></script><meta http-equiv="refresh" content="0; url={name}">'
            f'<link rel="canonical" href="{name}"></head><body><article>{prose}'
            f'<img src="{name}"><iframe src="{name}"></iframe><object data="{name}"></object>'
            f'<a href="{name}">more</a><embed src="{name}"><video src="{name}"></video>'
            f"</article></body></html>"
        )
        requests.append({"articles": [{"html": markup, "url": name}]})
        entity = (
            f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY leak SYSTEM "{name}">]>'
            f"<html><body><article>{prose}<p>&leak;</p></article></body></html>"
        )
        requests.append({"articles": [{"html": entity}]})
        requests.append({"articles": [{"text": f"{article(9)} See {name} for the full text."}]})
        requests.append({"articles": [{"html": f'<iframe srcdoc="&lt;img src={name}&gt;"></iframe>{prose}'}]})
    return [(request, 422 if number % 7 == 0 else 200) for number, request in enumerate(requests)]


def test_files_and_loopback_urls_named_in_a_request_are_never_read(
    tmp_path: Path, secret_site: tuple[str, type[_Secrets]]
) -> None:
    site, handler = secret_site
    token = "QUARTZ-HERON-7731"
    target = tmp_path / "secret.html"
    target.write_text(
        f"<html><body><article><p>Dockworkers said {token} on Monday. {token} again.</p></article>"
        "</body></html>",
        encoding="utf-8",
    )
    with live_server(create_app()) as url, httpx.Client(base_url=url, timeout=60) as http:
        for number, (request, status) in enumerate(_naming_requests(target, site)):
            fmt = ("json", "html", "md")[number % 3]
            response = http.post("/api/brief", json={**request, "format": fmt})
            assert response.status_code == status, (request, response.text)
            assert token not in response.text and handler.token not in response.text, request
    assert handler.hits == []  # nothing was fetched from the loopback site
