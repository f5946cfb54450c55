"""An event's branding: its accent colour and its logo, shown on the phone page, the projector, the
poster and the minutes.

The accent colour is checked on save (`check_accent`): white text on it and it as text on white must
reach WCAG AA's 4.5:1, or the save is refused (400 low_contrast) and nothing changes. The pages get the
palette derived from it (`palette`): a darker shade for hover, a pale one for soft backgrounds, and a
light one for dark backgrounds (the projector, a phone in dark mode), each checked for contrast too.

A logo is opened with Pillow before anything is stored: a PNG, JPEG or WebP of at most LOGO_MAX_BYTES
and LOGO_MAX_PIXELS, decoded in full (a truncated or forged file fails here), then drawn again as a
PNG at most LOGO_BOX pixels on a side, without its metadata (a photo's location never reaches the
room). Its URL carries a digest of the stored bytes, so browsers keep it for good.
"""
import base64
import hashlib
import io
import re
import warnings

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..colors import MIN_CONTRAST, WHITE, contrast
from ..errors import InvalidInput, NotFound, TooLarge
from ..extensions import db
from ..models import Event, EventLogo, utcnow
from ..realtime import broadcast
from . import operations, permissions
from .events import bump_seq, get_event
from .transaction import on_commit, use_case

ACCENT = re.compile(r"#[0-9a-fA-F]{6}")
LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_PIXELS = 4096 * 4096
LOGO_BOX = 400
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def check_accent(value) -> str | None:
    """The accent colour to store (lower-case "#rrggbb"), None for the app's own; 400 otherwise."""
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not ACCENT.fullmatch(value):
        raise InvalidInput(_l("accent_color must be a colour like #1b5bc7."), code="invalid_color",
                           field="accent_color")
    ratio = contrast(value, WHITE)
    if ratio < MIN_CONTRAST:
        raise InvalidInput(_l("This colour is too light: white text on it has a contrast of %(ratio).1f:1, "
                              "and at least 4.5:1 is needed. Choose a darker shade.", ratio=ratio),
                           code="low_contrast", field="accent_color")
    return value.lower()


def reencode(data: bytes) -> bytes:
    from PIL import Image  # only when a logo is uploaded

    if len(data) > LOGO_MAX_BYTES:
        raise TooLarge(_l("The logo is larger than 512 KB."), field="logo")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # broken metadata: dropped by the re-encoding anyway
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                probe.verify()
            if kind not in LOGO_FORMATS:
                raise ValueError(kind)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > LOGO_MAX_PIXELS:
                    raise ValueError("too many pixels")
                image.load()
                picture = image.convert("RGBA")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput(_l("The logo must be a PNG, JPEG or WebP image."), code="invalid_image",
                           field="logo") from None
    picture.thumbnail((LOGO_BOX, LOGO_BOX))
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def readable_png(data: bytes) -> bool:
    """Whether `data` is a whole PNG within the logo's limits (a logo in an imported minutes document)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG" or image.width * image.height > LOGO_MAX_PIXELS:
                return False
            image.verify()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def _changed(event: Event, user_id: int, detail: str) -> None:
    operations.record(event.id, user_id, "branding", detail)
    bump_seq(event.id)
    from . import events  # the event's page data, sent to the room

    payload = events.public_payload(event)
    on_commit(lambda: broadcast.event_updated(event.id, payload))


@use_case
def set_logo(*, code: str, user_id: int, data: bytes) -> str | None:
    """Store the event's logo (checked and re-encoded); returns its URL."""
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "settings")
    attach(event, reencode(data or b""))
    _changed(event, user_id, "logo")
    return event.logo_url


def attach(event: Event, png: bytes) -> None:
    """Store `png` (re-encoded already) as the event's logo, in place of any it had."""
    digest = hashlib.sha256(png).hexdigest()[:16]
    logo = db.session.get(EventLogo, event.id) or EventLogo(event_id=event.id)
    logo.content_type, logo.data, logo.digest, logo.updated_at = "image/png", png, digest, utcnow()
    db.session.add(logo)
    event.logo_digest = digest


@use_case
def remove_logo(*, code: str, user_id: int) -> None:
    event = get_event(code, lock=True)
    permissions.require(user_id, event, "settings")
    logo = db.session.get(EventLogo, event.id)
    if logo is None:
        raise logo_not_found()
    db.session.delete(logo)
    event.logo_digest = None
    _changed(event, user_id, "logo removed")


def logo_not_found() -> NotFound:
    return NotFound(_l("This event has no such logo."), code="logo_not_found")


def logo(code: str, digest: str) -> bytes:
    """The PNG of the event's logo, if `digest` names the one it has now (404 logo_not_found)."""
    event = get_event(code)
    found = db.session.execute(select(EventLogo.data).where(EventLogo.event_id == event.id,
                                                            EventLogo.digest == digest)).scalar()
    if found is None:
        raise logo_not_found()
    return found


def logo_for_minutes(event_id: int) -> dict | None:
    """{"type", "data" (base64)} of the event's logo, for the minutes document (None without one)."""
    data = db.session.execute(select(EventLogo.data).where(EventLogo.event_id == event_id)).scalar()
    return {"type": "image/png", "data": base64.b64encode(data).decode("ascii")} if data else None
