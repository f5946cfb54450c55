"""A JSON body encoded once and served many times, with holes for what differs per response.

A body is an ordinary structure in which some values are holes: hole("me"), hole("server_now").
Template(body, dumps) encodes it once; render(values) gives the JSON text of the body with
each hole replaced by values[name], byte for byte what dumps(fill(body, values)) would give
(dumps must write keys in a fixed order and nothing around a value that depends on its
depth, e.g. Flask's compact JSON). fill(body, values) gives the plain structure instead.

A hole is a string no user text can be: it carries a random token made per process.
"""
import re
import secrets

_PREFIX = f"<hole {secrets.token_hex(12)} "
_HOLE = re.compile(rf'"{_PREFIX}([^"<>]+)>"')


def hole(name: str) -> str:
    return f"{_PREFIX}{name}>"


def _name(value) -> str | None:
    if isinstance(value, str) and value.startswith(_PREFIX) and value.endswith(">"):
        return value[len(_PREFIX):-1]
    return None


def fill(body, values: dict):
    """A copy of body with its holes filled (the body, shared between responses, stays as it is)."""
    if isinstance(body, dict):
        return {key: fill(value, values) for key, value in body.items()}
    if isinstance(body, list):
        return [fill(value, values) for value in body]
    name = _name(body)
    return body if name is None else values[name]


class Template:
    def __init__(self, body, dumps):
        parts = _HOLE.split(dumps(body))
        self._texts, self._names = parts[0::2], parts[1::2]
        self._dumps = dumps

    @property
    def names(self) -> set[str]:
        return set(self._names)

    def render(self, values: dict) -> str:
        encoded = {name: self._dumps(values[name]) for name in set(self._names)}
        out = [self._texts[0]]
        for name, text in zip(self._names, self._texts[1:]):
            out.append(encoded[name])
            out.append(text)
        return "".join(out)
