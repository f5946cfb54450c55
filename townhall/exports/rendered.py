"""Render a minutes document in one format, once per final version.

A final version never changes, so its files are kept in a small in-process cache:
after a big meeting every attendee downloading the published PDF would otherwise
render it again (about half a second of CPU each on 2,000 questions), stalling the
single gevent worker. Drafts change with every save and are always rendered fresh.
"""
import hashlib
import importlib
import json
import threading
from collections import OrderedDict

from flask_babel import force_locale

from . import fmt

# extension -> exports module
MODULES = {"pdf": "pdf", "docx": "docx", "md": "markdown", "html": "html"}
KEEP = 16  # rendered files kept; a published PDF of a big meeting is a few hundred KB

_cache: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _key(doc: dict, fmt: str) -> tuple:
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return fmt, digest


def render(doc: dict, fmt: str) -> bytes | str:
    """The document in `fmt` (pdf, docx, md, html); final versions come from the cache when rendered before."""
    renderer = importlib.import_module(f"townhall.exports.{MODULES[fmt]}")  # loads fonts etc. only when needed
    if doc.get("status") != "final":
        return _render(renderer, doc)
    key = _key(doc, fmt)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    content = _render(renderer, doc)
    with _lock:
        _cache[key] = content
        while len(_cache) > KEEP:
            _cache.popitem(last=False)
    return content


def _render(renderer, doc: dict):
    with fmt.context(doc), force_locale(fmt.language()):  # times, headings and labels in the event's language
        return renderer.render(doc)


def clear() -> None:
    with _lock:
        _cache.clear()
