"""Blueprints: public (join, attendee, projector), auth, moderator, api."""
from flask import current_app, request

from ..extensions import csrf


def protect_browser_write() -> None:
    """CSRF check for a cookie-authenticated write; bearer-token clients are not browsers."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return
    csrf.protect()
