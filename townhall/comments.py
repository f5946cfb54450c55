"""Comments taken out of our scripts and stylesheets before they are served (townhall/static_files.py):
the source keeps its documentation, a phone does not download it (about a fifth of the scripts'
gzipped weight).

Only comments go; every other character stays where it was, so the program is the same token for
token (tests/test_static_files.py checks each script in static/js with a real JavaScript tokenizer).
A comment that spanned lines leaves a line break, so automatic semicolon insertion reads the code as
before. The scanner knows what can hold "//" or "/*" without being a comment: strings, template
literals (with their ${...} parts, nested), regular expression literals (told from a division by
what precedes the slash) and, in CSS, strings.
"""

import re

_LAST_WORD = re.compile(r"([A-Za-z_$][\w$]*)$")
# After these characters (or at the start), a "/" begins a regular expression, not a division.
_BEFORE_REGEX = set("(,=:[!&|?{};+-*%<>~^")
_KEYWORDS_BEFORE_REGEX = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
                          "instanceof", "yield", "await"}


def strip_js(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    braces: list[int] = []  # per open template literal: the depth of { inside its current ${...}
    while i < n:
        c = text[i]
        if c in "'\"":
            i = _copy_string(text, i, out)
        elif c == "`" or (c == "}" and braces and braces[-1] == 0):
            if c == "}":
                braces.pop()
            end, opens = _template_part_end(text, i + 1)
            if opens:
                braces.append(0)
            out.append(text[i:end])
            i = end
        elif c == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end == -1 else end
        elif c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            out.append("\n" if "\n" in text[i:end] else " ")
            i = end
        elif c == "/" and _regex_may_start(out):
            end = _regex_end(text, i)
            out.append(text[i:end])
            i = end
        else:
            if braces and c == "{":
                braces[-1] += 1
            elif braces and c == "}":
                braces[-1] -= 1
            out.append(c)
            i += 1
    return "".join(out)


def strip_css(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            i = _copy_string(text, i, out)
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end == -1 else end + 2
            out.append(" ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _copy_string(text: str, start: int, out: list[str]) -> int:
    """Copy the quoted string that starts at `start` to out; the index after it."""
    quote, i = text[start], start + 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    out.append(text[start:i + 1])
    return i + 1


def _template_part_end(text: str, i: int) -> tuple[int, bool]:
    """From inside a template literal: the index after its closing ` or after "${"; True if "${"."""
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == "`":
            return i + 1, False
        elif text.startswith("${", i):
            return i + 2, True
        else:
            i += 1
    return i, False


def _regex_may_start(out: list[str]) -> bool:
    code = "".join(out[-40:]).rstrip()
    if not code or code[-1] in _BEFORE_REGEX:
        return True
    word = _LAST_WORD.search(code)
    return bool(word) and word.group(1) in _KEYWORDS_BEFORE_REGEX and not code[:word.start()].endswith(".")


def _regex_end(text: str, i: int) -> int:
    i += 1
    in_class = False
    while i < len(text) and text[i] != "\n":
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            in_class = True
        elif c == "]":
            in_class = False
        elif c == "/" and not in_class:
            i += 1
            while i < len(text) and (text[i].isalnum() or text[i] == "_"):
                i += 1  # flags
            return i
        i += 1
    return i
