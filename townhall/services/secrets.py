"""Random tokens and their stored hashes."""
import hashlib
import hmac
import secrets

JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L


def new_token(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def author_tag(attendee_token: str, event_id: int) -> str:
    """Keyed by the attendee's raw cookie token, which the database never holds."""
    return hmac.new(attendee_token.encode(), f"question-author:{event_id}".encode(), hashlib.sha256).hexdigest()


def voter_tag(attendee_token: str, poll_id: int) -> str:
    """A phone's tag on its ballot in one poll: only that phone's cookie can compute it,
    so a confidential ballot is findable by its voter (to change it) and by no one else."""
    return hmac.new(attendee_token.encode(), f"poll-ballot:{poll_id}".encode(), hashlib.sha256).hexdigest()


def join_code(length: int = 8) -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(length))
