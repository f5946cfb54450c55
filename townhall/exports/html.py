"""The minutes as one standalone HTML file: render(doc) -> str.

The file holds templates/minutes/_document.html (the same partial the organizer's
preview and the attendees' published page include) and static/css/minutes.css
inline, so a downloaded copy reads and prints well offline. Needs an app context.
"""
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

from .. import colors

STYLESHEET = "css/minutes.css"


def stylesheet() -> Markup:
    """static/css/minutes.css as text for a <style> element (our own file: it holds no "</style>")."""
    return Markup((Path(current_app.static_folder) / STYLESHEET).read_text(encoding="utf-8"))


# The page around the document: grey margins on a screen, none on a phone or on paper.
FRAME_CSS = """
html { background: #eef0f3; }
body { margin: 0; padding: 1.5rem 0; }
@media (max-width: 600px) { body { padding: 0; } }
@media print { html { background: #fff; } body { padding: 0; } }
"""


def style() -> Markup:
    """The text of the file's <style> element, exactly: the Content-Security-Policy allows it by its hash
    (townhall/security_headers.py), in the download and in the organizer's preview frame."""
    return Markup(FRAME_CSS) + stylesheet()


def brand(doc: dict) -> str:
    """The text of the file's second <style>: the event's accent colour ("" without one)."""
    return colors.style((doc.get("event") or {}).get("accent_color"))


def render(doc: dict) -> str:
    return render_template("minutes/standalone.html", doc=doc, style=style(), brand=Markup(brand(doc)))
