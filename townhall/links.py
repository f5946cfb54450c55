"""Public URLs: the base comes from PUBLIC_URL (what phones on the venue network reach)."""
from flask import current_app, has_request_context, request


def base_url() -> str:
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured
    if has_request_context():
        return request.url_root.rstrip("/")
    # Outside a request (CLI, background tasks): where `make run` serves.
    return f"http://{current_app.config['HOST']}:{current_app.config['PORT']}"


def join_url(code: str) -> str:
    return f"{base_url()}/e/{code}"
