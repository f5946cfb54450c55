"""Wire format of a poll (docs/polls.md). Results are computed in services/poll_results.py."""
from . import iso

_UNSENT = object()


def poll(p, *, status: str, closed_at, present: int | str, results: dict | None, among: dict | None = None,
         suspicious=_UNSENT) -> dict:
    """status and closed_at as read now: an open poll past closes_at reads as closed. among: the results
    among verified and in-room phones (null where this audience is not shown them); suspicious: the
    moderators' view only (null, or the burst services/vote_watch.py flagged)."""
    body = {
        "id": p.id,
        "kind": p.kind,
        "question": p.question,
        "options": list(p.options or []),
        "max_choices": p.max_choices,
        "scale_min": p.scale_min,
        "scale_max": p.scale_max,
        "labels": list(p.labels) if p.labels else None,
        "agenda_item_id": p.agenda_item_id,
        "visibility": p.visibility,
        "revealed": p.revealed,
        "confidential": p.confidential,
        "k_threshold": p.k_threshold,
        "duration_seconds": p.duration_seconds,
        "status": status,
        "opened_at": iso(p.opened_at),
        "closes_at": iso(p.closes_at),
        "closed_at": iso(closed_at),
        "revealed_at": iso(p.revealed_at),
        "ballots": p.ballot_count,
        "present": present,
        "results": results,
        "voters": p.voters,
        "among": among,
    }
    if suspicious is not _UNSENT:
        body["suspicious"] = suspicious
    return body


def tally(p, *, present: int | str, results: dict | None, among: dict | None = None, suspicious=_UNSENT) -> dict:
    """The body of poll:tallied (without seq)."""
    body = {"poll_id": p.id, "ballots": p.ballot_count, "present": present, "results": results}
    if among is not None:  # sent where shown: moderators, and the room with the event's show_trusted_counts
        body["among"] = among
    if suspicious is not _UNSENT:
        body["suspicious"] = suspicious
    return body
