"""Who may talk to the workbench, and what the browser may load.

On 127.0.0.1 only the analyst's own machine can connect, so no token is needed. On any other
address an API token is required (the server refuses to start without one) and checked on every
request: `Authorization: Bearer T`, or the `mp_token` cookie that `/?token=T` sets so a browser
can use the pages. Every response carries a Content-Security-Policy that lets the page load only
from the app itself: no CDN, no tile server, no inline script. A request that can cost or change
anything (any method but GET/HEAD/OPTIONS) is refused when a browser says another site sent it:
a page elsewhere cannot make the analyst's browser post to the workbench (cross-site request
forgery), whether or not the workbench has a token.
"""

from __future__ import annotations

import ipaddress
import secrets

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from maxpressure.errors import MaxpressureError

LOOPBACK_NAMES = {"localhost"}
TOKEN_COOKIE = "mp_token"
# Scripts and styles from our own origin only; SVG and data: images for the drawings.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class TokenRequired(MaxpressureError):
    """The server would be reachable from other machines without a token."""


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve beyond this machine without a token."""
    if not is_loopback(host) and not token:
        raise TokenRequired(
            f"serving on {host} makes the workbench reachable from other machines; "
            "give an API token with --token (or MAXPRESSURE_TOKEN)")


class _Middleware:
    """A plain ASGI middleware over HTTP requests. Starlette's `BaseHTTPMiddleware` runs every
    request through a task group and memory streams, about half a millisecond per layer: on
    `/match`, whose screening takes two, that was a quarter of the latency."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answer = self.answer(Request(scope))
        if answer is None:
            await self.app(scope, receive, send)
        else:
            await answer(scope, receive, send)

    def answer(self, request: Request) -> Response | None:
        """A response that stops the request here, or None to pass it on."""
        raise NotImplementedError


class SecurityHeaders:
    """The headers above on every response (those a route set itself are kept)."""

    def __init__(self, app):
        self.app = app
        self.headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class SameOriginWrites(_Middleware):
    """Refuse unsafe methods sent by another site (browsers say so in Sec-Fetch-Site or Origin);
    clients that are not browsers (yente clients, curl) send neither and pass."""

    def answer(self, request: Request) -> Response | None:
        if request.method not in SAFE_METHODS and _cross_site(request):
            return JSONResponse({"detail": "refused: this request was sent by another site"}, status_code=403)
        return None


def _cross_site(request: Request) -> bool:
    if request.headers.get("sec-fetch-site", "").lower() == "cross-site":
        return True
    origin = request.headers.get("origin")
    if origin is None:
        return False
    host = request.headers.get("host", "")
    return origin == "null" or origin.partition("://")[2].rstrip("/") != host


class TokenCheck(_Middleware):
    """Every request must carry the token; `/?token=T` trades it for a cookie."""

    def __init__(self, app, token: str):
        super().__init__(app)
        self.token = token

    def _matches(self, offered: str | None) -> bool:
        return bool(offered) and secrets.compare_digest(offered.encode(), self.token.encode())

    def answer(self, request: Request) -> Response | None:
        header = request.headers.get("authorization", "")
        scheme, _, credential = header.partition(" ")
        if scheme.lower() in {"bearer", "apikey"} and self._matches(credential.strip()):
            return None
        if self._matches(request.cookies.get(TOKEN_COOKIE)):
            return None
        offered = request.query_params.get("token")
        if request.method == "GET" and self._matches(offered):
            # Drop the token from the address bar (and from history) once it is in a cookie.
            clean = request.url.remove_query_params("token")
            response = RedirectResponse(str(clean.path) + (f"?{clean.query}" if clean.query else ""))
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return response
        return JSONResponse({"detail": "an API token is required (Authorization: Bearer TOKEN)"},
                            status_code=401)


# Host headers a tokenless (loopback-only) server answers. Anything else is a page on another site
# reaching the workbench through DNS rebinding, and is refused.
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def secure(app, token: str | None) -> None:
    """Install the headers on every response; then either the token check (a token is set) or,
    for the tokenless loopback server, a check that the request names a loopback host."""
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    app.add_middleware(SecurityHeaders)
    app.add_middleware(SameOriginWrites)
    if token:
        app.add_middleware(TokenCheck, token=token)
    else:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS)
