"""Who may write, and the headers every page carries.

Why these rules. On 127.0.0.1 only programs of this machine reach the server, so reads and writes are
open — except that a web page in the user's browser can also send a form to 127.0.0.1, so a write whose
``Origin`` (or ``Sec-Fetch-Site``) says it comes from another site is refused whatever the address. Bound
to any other address, every ``POST`` needs the token (``--token`` or ``STORYLINE_TOKEN``): as
``Authorization: Bearer <token>``, an ``X-Storyline-Token`` header, or the ``token`` field of a page's
form. The token is compared in constant time. Serving on another address without a token is refused at
start, not left open.

The Content-Security-Policy allows no script at all, styles only from the server itself (plus one
nonce'd ``<style>`` for a page's per-passage rules), images only from itself or ``data:``, and no framing:
even if an escaping bug let article text through as markup, the browser would run nothing.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.requests import Request

TOKEN_ENV = "STORYLINE_TOKEN"
TOKEN_HEADER = "x-storyline-token"


class InsecureBinding(ValueError):
    """Serving on a non-loopback address without a token: refused at start."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is only reachable from this machine."""
    if host.strip().lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def token_for(host: str, token: str | None) -> str | None:
    """The token writes need when serving on ``host``: the one given, else ``STORYLINE_TOKEN``; None
    on a loopback address without either. An InsecureBinding for another address without one."""
    chosen = token or os.environ.get(TOKEN_ENV) or None
    if chosen is None and not is_loopback(host):
        raise InsecureBinding(
            f"serving on {host} lets other machines write to the store: give --token or set {TOKEN_ENV}"
        )
    return chosen


def _same_site(request: Request) -> bool:
    """False when the browser says the request comes from another site (a cross-site form post)."""
    fetched_from = request.headers.get("sec-fetch-site")
    if fetched_from is not None and fetched_from not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def write_refusal(
    request: Request, token: str | None, form_token: str | None = None
) -> tuple[int, str] | None:
    """Why this write is refused, as (status, message), or None when it may go ahead."""
    if not _same_site(request):
        return 403, "cross-site writes are refused: send the request from this server's own pages or a client"
    if token is None:
        return None
    given = form_token or request.headers.get(TOKEN_HEADER)
    authorization = request.headers.get("authorization", "")
    if given is None and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given:
        return 401, "this server needs a token for writes (Authorization: Bearer <token>)"
    if not secrets.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8")):
        return 403, "the token is not this server's"
    return None


def page_headers(style_nonce: str | None = None) -> Mapping[str, str]:
    """The security headers of an HTML page (see the module docstring)."""
    styles = "'self'" + (f" 'nonce-{style_nonce}'" if style_nonce else "")
    policy = (
        f"default-src 'none'; script-src 'none'; style-src {styles}; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
