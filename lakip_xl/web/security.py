"""The server's guards: security headers, the body limit, CSRF tokens on forms, Bappeda's token and session.

Every comparison of a secret is constant-time (:func:`hmac.compare_digest`).
Forms carry a token signed with the server's key over a random cookie
(``SameSite=Strict``): a form posted from another site has neither. Bappeda
is recognised by ``Authorization: Bearer TOKEN`` (scripts) or by the session
cookie the login sets; a cookie-authenticated form also needs its CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "lakip_csrf"
SESSION_COOKIE = "lakip_bappeda"
HEADERS = (
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
     b"form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)  # fmt: skip
TOO_LARGE = "Berkas melebihi batas unggahan {limit}; kirim berkas .xlsx yang lebih kecil"


class TooLarge(Exception):
    """The request body passed the upload limit."""


class SecurityHeaders:
    """ASGI middleware: every answer carries the security headers; pages are never cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the answer's start."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in dict(HEADERS)]
                headers.extend(HEADERS)
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes is refused with 413, never read past the limit.

    A declared Content-Length over the limit is refused before any byte is read; a body that turns out
    longer (chunked) raises :class:`TooLarge` from ``receive`` as soon as the limit is passed, which the
    route turns into its 413 answer.
    """

    def __init__(self, app: ASGIApp, limit: int, slack: int = 64 * 1024) -> None:
        self.app = app
        self.limit = limit + slack  # the multipart framing and form fields around the file

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with a ``receive`` that counts the body's bytes."""
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self.app(scope, _nothing, send)  # the route answers 413 without reading the body
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge
            return message

        await self.app(scope, limited, send)


async def _nothing() -> Message:
    raise TooLarge


def sign(key: bytes, *parts: str) -> str:
    """An HMAC-SHA256 of ``parts`` under ``key``, hex."""
    return hmac.new(key, "\x00".join(parts).encode(), hashlib.sha256).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two secrets (False when either is missing)."""
    if a is None or b is None:
        return False
    return hmac.compare_digest(a.encode(), b.encode())


def new_csrf_cookie() -> str:
    """A fresh random value for the CSRF cookie."""
    return secrets.token_urlsafe(24)


def csrf_token(key: bytes, cookie: str) -> str:
    """The form token that goes with a CSRF cookie."""
    return sign(key, "csrf", cookie)


def csrf_ok(key: bytes, cookie: str | None, token: str | None) -> bool:
    """True when a form's token was made for the request's CSRF cookie."""
    return cookie is not None and same(token, csrf_token(key, cookie))


def session_value(key: bytes, token: str) -> str:
    """The session cookie's value: bound to the server's key and to the token (a new token ends every session)."""
    return sign(key, "bappeda", token)


def bearer(headers: Any) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, or None."""
    value = headers.get("authorization") or ""
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
