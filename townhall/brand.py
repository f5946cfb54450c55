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
    # built from a checked #rrggbb: nothing to escape; the script reads the colour from data-brand
    return Markup(f'<style data-brand="{event.accent_color}">{text}</style>')


def brand_logo(event, css_class: str = "brand-logo", live: bool = False) -> Markup:
    """<img> of the event's logo ("" without one). On a live page (`live`) the <img> is there without a logo
    too, hidden, for the script to show one the organizer uploads meanwhile (static/js/live/brand.js)."""
    url = event.logo_url
    if not url:
        return Markup(f'<img class="{escape(css_class)}" alt="" data-role="brand-logo" hidden>') if live \
            else Markup("")
    # beside the title: decorative
    return Markup(f'<img class="{escape(css_class)}" src="{escape(url)}" alt="" data-role="brand-logo">')


def init_app(app: Flask) -> None:
    app.add_template_global(brand_style, "brand_style")
    app.add_template_global(brand_logo, "brand_logo")
