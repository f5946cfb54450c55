"""Languages and time zones: which locale and zone a response speaks, and the browser scripts' catalogues.

- Server side: Flask-Babel with the gettext catalogues under townhall/translations (one messages.po and
  its compiled messages.mo per language; English is the source language and has none). Templates call
  `_()` / `ngettext()`; Python code `gettext` / `lazy_gettext` (messages kept in module constants or
  raised before a locale is known use `lazy_gettext`).
- Browser side: the scripts call `t()` / `tn()` (static/js/i18n.js). Their strings are extracted into
  the same catalogues (scripts/translations.py), and the app serves, per language and per page script,
  the part of the catalogue that script and the modules it imports use: a small JSON file at a
  versioned URL, preloaded by the page (none for English). Split in two: the strings of the modules the
  page needs to run (its first load), and, behind the URL named in that file's `later`, those of the
  modules it loads later with `import()` (fetched by static/js/i18n.js `moreStrings()` before them).
- Which language: a page about an event for the room (projector, poster, minutes) speaks the event's
  language (`use_event(event, language=True)`). Any other page follows the person: `?lang=` (kept in
  a cookie for a year), then that cookie, then the browser's Accept-Language, then English.
- Which time zone: the event's (`use_event`), else UTC. Every time shown says it.
"""
from __future__ import annotations

import functools
import gettext as stdlib_gettext
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from flask import Flask, g, has_request_context, request, url_for
from flask_babel import Babel, get_locale, refresh
from markupsafe import Markup

from .locales import DEFAULT, LANGUAGES, format_when, html_lang, language_code, timezone_names

TRANSLATIONS = Path(__file__).parent / "translations"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

babel = Babel()


def use_event(event, *, language: bool = False) -> None:
    """This response is about `event`: its times in the event's zone and, for what the room sees
    (projector, poster, minutes), in the event's language."""
    g.event_timezone = event.timezone or "UTC"
    if language:
        g.event_language = event.language if event.language in LANGUAGES else DEFAULT
    refresh()


def select_locale() -> str:
    if not has_request_context():
        return DEFAULT
    forced = g.get("event_language")
    if forced:
        return forced
    return person_language()


def person_language() -> str:
    """The language the person at this browser reads: ?lang=, their cookie, Accept-Language, English."""
    chosen = language_code(request.args.get("lang")) or language_code(request.cookies.get(COOKIE))
    if chosen:
        return chosen
    for tag, _quality in request.accept_languages:
        code = language_code(tag)
        if code:
            return code
    return DEFAULT


def select_timezone() -> str:
    return g.get("event_timezone", "UTC") if has_request_context() else "UTC"


def current_language() -> str:
    """Our code for the locale in force ("en", "zh_Hans")."""
    locale = get_locale()
    if locale is None:
        return DEFAULT
    return language_code(str(locale)) or DEFAULT


def event_time(moment, event, style: str = "datetime") -> Markup:
    """<time> of a stored moment in the event's zone and the language in force, the zone named; its
    datetime attribute in UTC for machines (and the page's scripts)."""
    if moment is None:
        return Markup("")
    text = format_when(moment, getattr(event, "timezone", None), current_language(), style)
    return Markup('<time datetime="{}Z">{}</time>').format(moment.replace(tzinfo=None).isoformat(), text)


# --- the browser scripts' catalogues -------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    body: bytes
    version: str
    packed: bytes  # the body gzipped once, ahead of time (served to a browser that accepts gzip)
    size: int  # how many strings


def _plural_categories(locale: Locale, plural_expr: str, count: int) -> list[str]:
    """For each gettext plural index of the catalogue, the CLDR category (Intl.PluralRules in the browser)
    it is used for: found by trying numbers through both rules."""
    index_of = stdlib_gettext.c2py(plural_expr)
    names = ["other"] * count
    for n in range(0, 200):
        index = index_of(n)
        if index < count and names[index] == "other":
            names[index] = locale.plural_form(n)
    return names


def read_catalogue(code: str) -> tuple[dict[str, object], dict[str, set[str]], str]:
    """({msgid: text or {category: text}}, {msgid: files it is used in}, locale tag) of language `code`:
    parsed once per process for the same file content (each app made reads it; tests make thousands).
    Shared between apps: read only."""
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return {}, {}, html_lang(code)
    return _read_catalogue(code, hashlib.sha256(path.read_bytes()).hexdigest())


@functools.lru_cache(maxsize=8)
def _read_catalogue(code: str, _content: str) -> tuple[dict[str, object], dict[str, set[str]], str]:
    path = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
    locale = Locale.parse(code)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    categories = _plural_categories(locale, catalog.plural_expr, catalog.num_plurals)
    texts: dict[str, object] = {}
    files: dict[str, set[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple):
            forms = [form for form in message.string if form]
            if len(forms) != len(message.string):
                continue
            key = message.id[0]
            texts[key] = {categories[i]: form for i, form in enumerate(message.string)}
        elif message.string:
            key = message.id
            texts[key] = message.string
        else:
            continue
        files[key] = {location for location, _line in message.locations}
    return texts, files, html_lang(code)


LATER = ".later"  # /i18n/<language>/<page script>.later.json: the strings of the modules it loads later


class ScriptCatalogues:
    """Per language and page script: the JSON catalogue of the strings that script and the modules it needs
    to run use (`entry`), and that of the modules it loads later (`entry` + LATER), named in the first."""

    def __init__(self, static_files):
        self.static = static_files
        self.cache: dict[tuple[str, str], Catalogue] = {}
        self.languages = {code: read_catalogue(code) for code in LANGUAGES if code != DEFAULT}

    def get(self, code: str, entry: str) -> Catalogue | None:
        script = entry.removesuffix(LATER)
        if code not in self.languages or script not in self.static.imports:
            return None
        key = (code, entry)
        if key not in self.cache:
            texts, files, tag = self.languages[code]
            first = {f"static/{name}" for name in self.static.loaded_by(script, first=True)}
            later = {f"static/{name}" for name in self.static.loaded_by(script)} - first
            if entry == script:
                messages = {msgid: text for msgid, text in texts.items() if files[msgid] & first}
            else:
                messages = {msgid: text for msgid, text in texts.items()
                            if files[msgid] & later and not files[msgid] & first}
            content: dict[str, object] = {"locale": tag, "messages": messages}
            rest = self.get(code, script + LATER) if entry == script else None
            if rest is not None and rest.size:
                content["later"] = url_for("i18n.catalogue", code=code, entry=script + LATER, v=rest.version)
            body = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
            self.cache[key] = Catalogue(body, hashlib.sha256(body).hexdigest()[:12],
                                        gzip.compress(body, compresslevel=9, mtime=0), len(messages))
        return self.cache[key]


def catalogue_link(entry: str) -> Markup:
    """The page's preload of its script's catalogue in the language in force (nothing for English)."""
    code = current_language()
    catalogues: ScriptCatalogues = _app_catalogues()
    found = catalogues.get(code, entry) if code != DEFAULT else None
    if found is None:
        return Markup("")
    href = url_for("i18n.catalogue", code=code, entry=entry, v=found.version)
    return Markup('<link rel="preload" as="fetch" crossorigin href="{}" data-i18n-catalogue>\n').format(href)


def _app_catalogues() -> ScriptCatalogues:
    from flask import current_app

    return current_app.extensions["townhall_catalogues"]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    # {% trans %} blocks read as the extractor reads them (scripts/translations.py: trimmed), whatever their lines
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.extensions["townhall_catalogues"] = ScriptCatalogues(app.extensions["townhall_static"])

    from .views.i18n import bp

    app.register_blueprint(bp)

    @app.context_processor
    def _language():
        code = current_language()
        return {"page_lang": html_lang(code), "page_language": code, "languages": LANGUAGES,
                "page_timezone": g.get("event_timezone")}

    plain_script = app.jinja_env.globals["module_script"]

    def module_script(entry: str) -> Markup:
        """The page's script (static_files.module_script), after the preload of its catalogue."""
        return catalogue_link(entry) + plain_script(entry)

    app.add_template_global(module_script, "module_script")
    app.add_template_global(event_time, "event_time")
    app.add_template_global(timezone_names, "timezone_names")

    @app.after_request
    def _remember(response):
        chosen = language_code(request.args.get("lang"))
        if chosen and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax",
                                secure=request.is_secure, httponly=False)
        return response
