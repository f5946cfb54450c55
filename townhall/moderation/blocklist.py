"""The blocklist: which term of a list, if any, a text contains. Pure: no database, no Flask.

A list is text, one term per line (blank lines and lines starting with # are skipped). Both the text and
the terms are read the same way before comparing:

- Unicode NFKC (full-width letters and digits become ASCII, compatibility forms their plain letter),
  case folded, invisible format characters (zero-width spaces and joiners) dropped;
- for Latin-script terms, accents dropped too (``fück`` reads as ``fuck``).

Then a term matches as follows.

- A term with a CJK character (Chinese, Japanese kana, Korean) matches anywhere in the text (these
  scripts put no spaces between words), after spaces and punctuation are taken out of both: ``傻 逼`` and
  ``傻.逼`` match ``傻逼``.
- Any other term matches as whole words only: ``ass`` does not match ``class``, ``assess`` or ``passage``.
  Simple obfuscation is tolerated: a letter repeated (``fuuuck``), up to two spaces or ``. - _ *`` between
  letters (``f u c k``, ``f.u.c.k``), and the common look-alike digits and signs (``sh1t``, ``a$$``,
  ``@ss``: 0 o, 1 i/l, 3 e, 4 a, 5 s, 7 t, 8 b, 9 g, @ a, $ s, ! i). The spaces of a term of several words
  match any run of spaces or punctuation.

Nothing else is attempted (no spelling distance, no sound-alikes): a match holds a question for a
moderator, who decides; a miss is still in front of a moderator who can hide it.
"""
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_FILE = Path(__file__).with_name("blocklist_default.txt")
TERM_MAX_LENGTH = 60
MAX_TERMS = 500

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u3100-\u312f]")
_SEPARATORS = re.compile(r"[\W_]+")
_LOOK_ALIKES = {"a": "4@", "b": "8", "e": "3", "g": "9", "i": "1!", "l": "1", "o": "0", "s": "5$", "t": "7"}
_BETWEEN_LETTERS = r"(?:[\s.\-_*]{0,2})"
_BETWEEN_WORDS = r"[\W_]+"


def normalize(text: str) -> str:
    """NFKC, case folded, format characters (zero-width and the like) removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _unaccented(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn")


def _squeezed(text: str) -> str:
    return _SEPARATORS.sub("", text)


def is_cjk(term: str) -> bool:
    return bool(_CJK.search(term))


def _letter(ch: str) -> str:
    alikes = _LOOK_ALIKES.get(ch, "")
    if alikes:
        return "[" + re.escape(ch + alikes) + "]+"
    return re.escape(ch) + "+"


def _pattern(term: str) -> re.Pattern:
    words = _unaccented(term).split()
    body = _BETWEEN_WORDS.join(_BETWEEN_LETTERS.join(_letter(ch) for ch in word) for word in words)
    # Whole words: no letter or digit right before or after (a look-alike sign is not a word character).
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


@dataclass(frozen=True)
class _Term:
    written: str  # as in the list
    cjk: str | None  # the squeezed term, for CJK terms
    pattern: re.Pattern | None  # for the others


def parse(text: str) -> list[str]:
    """The terms of a list, as written (trimmed), in order, each once."""
    terms: list[str] = []
    for line in (text or "").splitlines():
        term = " ".join(line.split())
        if term and not term.startswith("#") and term not in terms:
            terms.append(term)
    return terms


def problem(term: str) -> str | None:
    """Why a term cannot be in a list, or None."""
    if len(term) > TERM_MAX_LENGTH:
        return f"is longer than {TERM_MAX_LENGTH} characters"
    if not _squeezed(normalize(term)):
        return "has no letter or digit"
    return None


class Blocklist:
    def __init__(self, terms: list[str]):
        self.terms = []
        for written in terms:
            term = normalize(written)
            if not _squeezed(term):
                continue
            if is_cjk(term):
                self.terms.append(_Term(written, _squeezed(term), None))
            else:
                self.terms.append(_Term(written, None, _pattern(term)))

    def match(self, *texts: str | None) -> str | None:
        """The first term (as written) found in any of the texts, or None."""
        for text in texts:
            if not text:
                continue
            plain = normalize(text)
            latin, squeezed = _unaccented(plain), _squeezed(plain)
            for term in self.terms:
                if term.cjk is not None:
                    if term.cjk in squeezed:
                        return term.written
                elif term.pattern is not None and term.pattern.search(latin):
                    return term.written
        return None


@lru_cache(maxsize=1)
def default() -> Blocklist:
    return Blocklist(parse(DEFAULT_FILE.read_text(encoding="utf-8")))


@lru_cache(maxsize=256)
def of_event(text: str) -> Blocklist:
    return Blocklist(parse(text))


def match(own_terms: str, use_default: bool, *texts: str | None) -> str | None:
    """The term of the event's list (own_terms), then of the default list (if use_default), found in the texts."""
    found = of_event(own_terms or "").match(*texts) if own_terms else None
    if found is None and use_default:
        found = default().match(*texts)
    return found
