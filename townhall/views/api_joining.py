"""JSON API for joining by event setting (see services/attendee_codes.py, services/room_check.py): the
one-time attendee codes (list, make more, revoke, CSV) and the rotating in-room QR (the projector's token,
a phone's scan)."""
import csv
import io

from flask import Response, current_app, jsonify

from ..contracts import accepts, parse
from ..contracts.events import NewCodes, RoomCheck
from ..extensions import limiter
from ..links import join_url
from ..services import attendee_codes, room_check
from .api_common import api_blueprint, attendee_args, body, require_user

bp = api_blueprint("api_joining", __name__)


def refused(response) -> bool:
    """A guess that failed (wrong passcode or code, expired room token): what the failure limit counts."""
    return response.status_code in (401, 403)


def failure_limit():
    """Wrong passcodes, codes and room tokens a client may send (per address), then 429."""
    return limiter.limit(lambda: current_app.config["JOIN_FAILURE_LIMIT"], deduct_when=refused,
                         scope="join-failures")


@bp.get("/events/<code>/codes")
def list_codes(code):
    return jsonify(attendee_codes.listing(code=code, user_id=require_user()))


@bp.post("/events/<code>/codes")
@accepts(NewCodes)
def make_codes(code):
    count = parse(NewCodes, body()).count
    return jsonify(attendee_codes.generate(code=code, user_id=require_user(), count=count)), 201


@bp.post("/events/<code>/codes/<int:code_id>/revoke")
def revoke_code(code, code_id):
    return jsonify(attendee_codes.revoke(code=code, user_id=require_user(), code_id=code_id))


def code_link(event_code: str, code: str) -> str:
    """A slip's link: the attendee page with the code filled in (the page takes it off the address)."""
    return f"{join_url(event_code)}?key={code}"


@bp.get("/events/<code>/codes.csv")
def codes_csv(code):
    event, rows = attendee_codes.unused(code=code, user_id=require_user())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["number", "code", "join_url"])
    for number, text in rows:
        writer.writerow([number, text, code_link(event.code, text)])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.code}-attendee-codes.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/events/<code>/room-token")
def room_token(code):
    response = jsonify(room_check.current(code=code, user_id=require_user()))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/events/<code>/room-check")
@failure_limit()
@accepts(RoomCheck)
def room_scan(code):
    token = parse(RoomCheck, body()).token
    return jsonify(room_check.mark(**attendee_args(code), room_token=token))
