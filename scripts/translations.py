"""The gettext catalogues: extract every translatable string, merge it into each language, compile.

    python scripts/translations.py update    # extract, merge into each messages.po, compile messages.mo
    python scripts/translations.py check     # exit 1 listing what a catalogue misses (tests run this too)
    python scripts/translations.py init xx   # start a new language's catalogue (see README.md)

Sources and the calls they are read from:
- Python (townhall/): _(), _l(), gettext(), lazy_gettext(), ngettext(), lazy_ngettext(), pgettext()
- Templates (templates/): {{ _() }}, {{ ngettext() }}, {% trans %}
- Browser scripts (static/js/, not vendor/): t(), tn()
- The commands' own error messages (contracts.field(message=...)), read from the models themselves; their
  "{name}" and "{value!r}" are filled after translation and must stay as they are
"""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "townhall" / "translations"
PY_KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2),
               "lazy_ngettext": (1, 2), "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}
JS_KEYWORDS = {"t": None, "tn": (1, 2)}
SOURCES = [
    ("townhall", [("**.py", "python")], PY_KEYWORDS, {}),
    ("templates", [("**.html", "jinja2.ext:babel_extract")], {"_": None, "gettext": None, "ngettext": (1, 2),
                                            "pgettext": ((1, "c"), 2)},
     {"extensions": "jinja2.ext.do", "trimmed": "true"}),
    ("static/js", [("vendor/**", "ignore"), ("**.js", "javascript")], JS_KEYWORDS,
     {"parse_template_string": "false"}),
]


def extract() -> Catalog:
    """Every translatable string of the sources, with the files and lines it is used at."""
    catalog = Catalog(project="Townhall", charset="utf-8")
    for folder, methods, keywords, options in SOURCES:
        option_map = {pattern: options for pattern, _method in methods}
        for filename, lineno, message, comments, context in extract_from_dir(
                ROOT / folder, method_map=methods, options_map=option_map, keywords=keywords,
                comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
            path = f"{folder}/{filename}".replace("\\", "/")
            catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    sys.path.insert(0, str(ROOT))
    from townhall.contracts import error_messages

    for message, module in sorted(error_messages().items()):
        catalog.add(message, None, [(module.replace(".", "/") + ".py", 1)], flags=("python-brace-format",))
    return catalog


def languages() -> list[str]:
    return sorted(p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


def po_path(code: str) -> Path:
    return TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"


def read(path: Path, code: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=code)


def update() -> None:
    template = extract()
    for code in languages():
        catalog = read(po_path(code), code)
        created = catalog.creation_date  # kept: an update changes the file only where messages changed
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = created
        catalog.obsolete.clear()
        with po_path(code).open("wb") as handle:
            write_po(handle, catalog, width=100, sort_output=True)
        compile_catalog(code)


def compile_catalog(code: str) -> None:
    catalog = read(po_path(code), code)
    with (po_path(code).with_suffix(".mo")).open("wb") as handle:
        write_mo(handle, catalog)


def _translated(message) -> bool:
    if isinstance(message.string, tuple):
        return all(message.string)
    return bool(message.string)


PERCENT = re.compile(r"%\(\w+\)[sd]")
BRACES = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def placeholders(text: str, brace: bool) -> list[str]:
    """The values a message fills in: %(name)s, and {name} in the commands' error messages."""
    return sorted(PERCENT.findall(text) + (BRACES.findall(text) if brace else []))


def mismatched(message) -> bool:
    """A translation that drops or renames a placeholder (the page would show "%(n)s" or fail)."""
    brace = "python-brace-format" in message.flags
    sources = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    wanted = placeholders(sources[-1], brace)
    return any(text and placeholders(text, brace) != wanted
               and not (len(sources) > 1 and placeholders(text, brace) == placeholders(sources[0], brace))
               for text in strings)


def problems() -> list[str]:
    """What the catalogues miss: strings of the sources not translated (or fuzzy) in a language, and
    compiled catalogues out of date with their messages.po."""
    template = extract()
    found = []
    for code in languages():
        catalog = read(po_path(code), code)
        for message in template:
            if not message.id:
                continue
            have = catalog.get(message.id, message.context)
            if have is None or not _translated(have) or have.fuzzy:
                where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
                found.append(f"{code}: not translated: {message.id!r} ({where})")
            elif mismatched(have):
                found.append(f"{code}: placeholders differ from the source: {message.id!r} -> {have.string!r}")
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        mo = po_path(code).with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != compiled.getvalue():
            found.append(f"{code}: messages.mo is not compiled from messages.po (run: make translations)")
    return found


def init(code: str) -> None:
    path = po_path(code)
    if path.exists():
        sys.exit(f"{path} exists already")
    path.parent.mkdir(parents=True)
    catalog = Catalog(locale=code, project="Townhall", charset="utf-8")
    with path.open("wb") as handle:
        write_po(handle, catalog)
    update()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "update"
    if command == "update":
        update()
        return 0
    if command == "check":
        listed = problems()
        print("\n".join(listed) or "Every catalogue is complete.")
        return 1 if listed else 0
    if command == "init" and len(argv) == 3:
        init(argv[2])
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
