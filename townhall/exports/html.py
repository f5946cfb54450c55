"""The minutes as one standalone HTML file: render(doc) -> str.

The file holds templates/minutes/_document.html (the same partial the organizer's
preview and the attendees' published page include) and static/css/minutes.css
inline, so a downloaded copy reads and prints well offline. Needs an app context.
"""
from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

STYLESHEET = "css/minutes.css"


def stylesheet() -> Markup:
    """static/css/minutes.css as text for a <style> element (our own file: it holds no "</style>")."""
    return Markup((Path(current_app.static_folder) / STYLESHEET).read_text(encoding="utf-8"))


def render(doc: dict) -> str:
    return render_template("minutes/standalone.html", doc=doc, css=stylesheet())
