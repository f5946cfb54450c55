"""Which web pages may open a Socket.IO connection: the app's own, and nothing else.

Engine.IO's default compares the Origin header with the Host the request arrived with. Behind a proxy
that rewrites Host (nginx's common `proxy_set_header Host $host` drops the port), the app's own pages
were refused (400) while the same check passed without the proxy. So the origin phones are told to
open (PUBLIC_URL, which is also what the QR code carries) is accepted as well, and the forwarded host
when PROXY_HOPS trusts a proxy; any other origin is still refused. A request with no Origin header
(not a browser: nothing a page could be tricked into) is not checked, as Engine.IO does.
"""
from urllib.parse import urlsplit


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


def checker(public_url: str, proxy_hops: int):
    """The `cors_allowed_origins` callable for Socket.IO: (origin, environ) -> allowed."""
    public = _origin(public_url) if public_url else None

    def allowed(origin: str | None, environ: dict) -> bool:
        if not origin:
            return True
        origin = origin.lower()
        scheme, host = environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST", "")
        own = {f"{scheme}://{host}".lower()}
        if proxy_hops:
            forwarded_host = environ.get("HTTP_X_FORWARDED_HOST", "").split(",")[0].strip()
            forwarded_proto = environ.get("HTTP_X_FORWARDED_PROTO", scheme).split(",")[0].strip()
            if forwarded_host:
                own.add(f"{forwarded_proto}://{forwarded_host}".lower())
        return origin in own or origin == public

    return allowed
