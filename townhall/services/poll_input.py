"""Checking what moderators and phones send: a poll's fields per kind, and a ballot's answer.

docs/polls.md ("Kinds and answers") is the contract; polls.py uses these.
"""
from flask_babel import lazy_gettext as _l

from ..contracts import parse
from ..contracts.polls import KIND_MESSAGE, QUESTION_MAX_LENGTH, PollInput
from ..errors import InvalidInput
from ..models import Event, Poll
from ..models.statuses import PollVoters
from .rows import agenda_item_in
from .text import clean_text

OPTION_MAX_LENGTH = 120
LABEL_MAX_LENGTH = 40
ANSWER_MAX_LENGTH = 200
OPTION_COUNTS = {"single": (2, 20), "multiple": (2, 20), "ranking": (2, 10)}
YESNO_OPTIONS = ["Yes", "No", "Abstain"]
SCALE_LIMITS = (0, 10)
DEFAULT_SCALE = (1, 5)
DEFAULT_K = 5
# field -> the kinds that take it
KIND_FIELDS = {"options": {"single", "multiple", "ranking"}, "max_choices": {"multiple"},
               "scale_min": {"rating"}, "scale_max": {"rating"}, "labels": {"rating"}}
FIELDS = set(PollInput.model_fields)


def check_int(value, field: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidInput(_l("%(field)s must be a whole number from %(low)s to %(high)s.", field=field, low=low,
                              high=high), field=field)
    return value


def _agenda_item(event: Event, item_id) -> int | None:
    return None if item_id is None else agenda_item_in(event.id, item_id).id


def _options(kind: str, value) -> list[str]:
    low, high = OPTION_COUNTS[kind]
    if not isinstance(value, list) or not low <= len(value) <= high:
        raise InvalidInput(_l("A %(kind)s poll needs %(low)s to %(high)s options.", kind=kind, low=low, high=high),
                           code="invalid_options", field="options")
    options = [clean_text(o, field="options", max_length=OPTION_MAX_LENGTH, single_line=True) for o in value]
    if len({o.casefold() for o in options}) != len(options):
        raise InvalidInput(_l("Two options are the same."), code="duplicate_option", field="options")
    return options


def _labels(value) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise InvalidInput(_l("labels must be two texts: the low end and the high end."), field="labels")
    labels = [clean_text(v, field="labels", max_length=LABEL_MAX_LENGTH, required=False, single_line=True)
              for v in value]
    return labels if any(labels) else None


def clean_poll(event: Event, data: dict) -> dict:
    """A whole poll's fields, checked and normalised (creating, or a draft merged with its edit)."""
    data = parse(PollInput, data).given()
    kind = data.get("kind")
    if kind is None:
        raise InvalidInput(KIND_MESSAGE, code="invalid_kind", field="kind")
    for field, kinds in KIND_FIELDS.items():
        if kind not in kinds and data.get(field) not in (None, []):
            raise InvalidInput(_l("A %(kind)s poll takes no %(field)s.", kind=kind, field=field), field=field)
    clean = {
        "kind": kind,
        "question": clean_text(data.get("question"), field="question", max_length=QUESTION_MAX_LENGTH),
        "options": [], "max_choices": None, "scale_min": None, "scale_max": None, "labels": None,
    }
    if kind in OPTION_COUNTS:
        clean["options"] = _options(kind, data.get("options"))
    elif kind == "yesno":
        clean["options"] = list(YESNO_OPTIONS)
    if kind == "multiple":
        max_choices = data.get("max_choices")
        count = len(clean["options"])
        clean["max_choices"] = count if max_choices is None else check_int(max_choices, "max_choices", 1, count)
    if kind == "rating":
        low, high = (DEFAULT_SCALE[i] if data.get(field) is None else check_int(data[field], field, *SCALE_LIMITS)
                     for i, field in enumerate(("scale_min", "scale_max")))
        if low >= high:
            raise InvalidInput(_l("scale_min must be below scale_max."), field="scale_max")
        clean.update(scale_min=low, scale_max=high, labels=_labels(data.get("labels")))
    clean.update(
        visibility=data.get("visibility") or "live",
        confidential=bool(data.get("confidential")),
        k_threshold=DEFAULT_K if data.get("k_threshold") is None else data["k_threshold"],
        agenda_item_id=_agenda_item(event, data.get("agenda_item_id")),
        duration_seconds=data.get("duration_seconds"),
        voters=data.get("voters") or PollVoters.EVERYONE.value,
    )
    return clean


def input_of(poll: Poll) -> dict:
    """A draft's fields as they would be sent to create it."""
    data = {field: getattr(poll, field) for field in FIELDS if field not in KIND_FIELDS}
    data.update({field: getattr(poll, field) for field, kinds in KIND_FIELDS.items() if poll.kind in kinds})
    return data


def clean_answer(poll: Poll, answer) -> dict:
    """The ballot's answer, checked against the poll's kind (docs/polls.md, "Kinds and answers")."""
    def invalid(message):
        return InvalidInput(message, code="invalid_answer", field="answer")

    def index(value, count):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < count:
            raise invalid(_l("Choose an option from 0 to %(last)s.", last=count - 1))
        return value

    keys = {"single": "choice", "yesno": "choice", "multiple": "choices", "rating": "rating",
            "ranking": "order", "text": "text"}
    key = keys[poll.kind]
    if not isinstance(answer, dict) or set(answer) != {key}:
        shape = f'{{"{key}": ...}}'
        raise invalid(_l("The answer must be %(shape)s.", shape=shape))
    value, count = answer[key], len(poll.options)
    if poll.kind in ("single", "yesno"):
        return {"choice": index(value, count)}
    if poll.kind == "multiple":
        if not isinstance(value, list) or not 1 <= len(value) <= poll.max_choices:
            raise invalid(_l("Choose 1 to %(max)s options.", max=poll.max_choices))
        choices = [index(v, count) for v in value]
        if len(set(choices)) != len(choices):
            raise invalid(_l("Each option can be chosen once."))
        return {"choices": sorted(choices)}
    if poll.kind == "rating":
        if not isinstance(value, int) or isinstance(value, bool) or not poll.scale_min <= value <= poll.scale_max:
            raise invalid(_l("The rating must be from %(low)s to %(high)s.", low=poll.scale_min, high=poll.scale_max))
        return {"rating": value}
    if poll.kind == "ranking":
        if (not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
                or sorted(value) != list(range(count))):
            raise invalid(_l("The order must list every option (0 to %(last)s) once, best first.", last=count - 1))
        return {"order": list(value)}
    return {"text": clean_text(value, field="answer", max_length=ANSWER_MAX_LENGTH, single_line=True)}
