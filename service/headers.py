"""The security headers of every answer: the pages' Content-Security-Policy and the rest.

Pages may run only the service's own script files (no inline script, no ``javascript:`` link, no
inline style), load nothing from elsewhere, post forms only here and never be framed; the
API's answers are data, so they may load nothing at all. Both are never sniffed as another type.

One hook on the whole application rather than on the blueprints: a URL that matches no route
(or an id beyond any row's, ``service.boundary``) has no blueprint, and its error page must carry
the same headers. A view that sets one of them itself keeps its own.
"""

from __future__ import annotations

from flask import Flask, Response, request

PAGE_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # the favicon is an empty data: URL
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}
API_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def add_headers(response: Response) -> Response:
    chosen = API_HEADERS if request.path.startswith("/api/") else PAGE_HEADERS
    for name, value in chosen.items():
        response.headers.setdefault(name, value)
    return response


def install(app: Flask) -> None:
    app.after_request(add_headers)
