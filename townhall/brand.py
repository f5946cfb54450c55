"""An event's branding on its pages: `brand_style(event)` writes the stylesheet of its accent colour
(allowed by the page's policy through its hash, never 'unsafe-inline'), `brand_logo(event)` its logo."""
from flask import Flask
from markupsafe import Markup, escape

from .colors import style
from .security_headers import allow_inline_style, digest


def brand_style(event) -> Markup:
    """<style> with the accent's palette ("" for an event without one)."""
    text = style(event.accent_color)
    if not text:
        return Markup("")
    allow_inline_style(digest(text))
    return Markup(f"<style>{text}</style>")  # built from a checked #rrggbb: nothing to escape


def brand_logo(event, css_class: str = "brand-logo") -> Markup:
    """<img> of the event's logo ("" without one)."""
    url = event.logo_url
    if not url:
        return Markup("")
    return Markup(f'<img class="{escape(css_class)}" src="{escape(url)}" alt="">')  # beside the title: decorative


def init_app(app: Flask) -> None:
    app.add_template_global(brand_style, "brand_style")
    app.add_template_global(brand_logo, "brand_logo")
