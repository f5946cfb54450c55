"""Cleaning of text typed by people: what is stored is what they meant to say."""
import re
import unicodedata

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..errors import InvalidInput

_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069"
                      r"\ud800-\udfff]")  # lone surrogates: valid JSON escapes, but no UTF-8 can store them
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Long texts (notes, summaries, answers) keep their layout: only tab and newline of the controls stay.
_LONG_CONTROL = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f\ud800-\udfff]")


def without_surrogates(value: str) -> str:
    """Text as a database can store it: JSON may carry lone surrogates ("\\ud800"), UTF-8 cannot."""
    return _SURROGATES.sub("", value)


def field_word(field: str) -> str:
    """How an error about a typed field names it, in the reader's language ("question", "问题"); the field's
    own name for those not listed."""
    words = {"question": _("question"), "text": _("text"), "name": _("name"), "title": _("title"),
             "topic": _("topic"), "reason": _("reason"), "note": _("note"), "answer": _("answer text"),
             "answer_text": _("answer text"), "options": _("option"), "labels": _("label"), "what": _("action"),
             "owner": _("person responsible"), "next_step": _("next step"), "skip_reason": _("reason")}
    return words.get(field, field)


def clean_text(value, *, field: str, max_length: int, required: bool = True, single_line: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_l("%(field)s must be text.", field=field_word(field)), field=field)
    value = unicodedata.normalize("NFC", value)
    value = _CONTROL.sub("", value.replace("\r\n", "\n"))
    if single_line:
        value = " ".join(value.split())
    value = value.strip()
    if required and not value:
        raise InvalidInput(_l("The %(field)s is empty.", field=field_word(field)), code="empty", field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _l("The %(field)s has %(length)s characters; the limit is %(limit)s.", field=field_word(field),
               length=len(value), limit=max_length), code="too_long", field=field
        )
    return value


def long_text(value, *, field: str, max_length: int, subject=None, normalize: bool = False) -> str:
    """Multi-line text kept as typed (spacing, blank lines), without control characters or lone
    surrogates; None is "". normalize: also NFC. subject: how the error names it ("The notes")."""
    subject = subject or _l("The %(field)s", field=field.replace("_", " "))
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_l("%(subject)s must be text.", subject=subject), field=field)
    if normalize:
        value = unicodedata.normalize("NFC", value)
    value = _LONG_CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if len(value) > max_length:
        raise InvalidInput(_l("%(subject)s is %(length)s characters long; the limit is %(limit)s.", subject=subject,
                              length=len(value), limit=max_length), code="too_long", field=field)
    return value
