"""Blueprints: public (join, attendee, projector), auth, moderator, api."""
from flask import current_app, request, session

from ..extensions import csrf
from ..services import accounts


def protect_browser_write() -> None:
    """CSRF check for a cookie-authenticated write; bearer-token clients are not browsers."""
    if request.method in ("GET", "HEAD", "OPTIONS") or not current_app.config.get("WTF_CSRF_ENABLED", True):
        return
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        cookie_identity = session.get("_user_id") or session.get("attendees")
        if not cookie_identity or accounts.user_for_api_token(header[7:]) is not None:
            return  # an integration with its token (or nothing a forged request could ride on)
    csrf.protect()
