"""Random tokens and their stored hashes."""
import hashlib
import hmac
import secrets

# Codes are read off a screen or paper and typed: no look-alikes (0/O, 1/I/L, B/8, Z/2, S/5).
READABLE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"  # 25 symbols
JOIN_CODE_ALPHABET = READABLE_ALPHABET  # 25**8 ~ 2**37 codes (older codes, from a larger alphabet, still work)


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


ATTENDEE_CODE_ALPHABET = READABLE_ALPHABET
ATTENDEE_CODE_LENGTH = 10  # 25**10 ~ 2**46.4: guessing one of 5,000 codes takes ~2**34 tries (throttled)


def attendee_code() -> str:
    """A new code, as printed: two groups of five ("K7QMA-3XRTF")."""
    raw = "".join(secrets.choice(ATTENDEE_CODE_ALPHABET) for _ in range(ATTENDEE_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normal_attendee_code(typed: str) -> str:
    """A typed code as stored: upper case, without spaces and dashes."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def keyed_hash(secret: str, purpose: str, value: str) -> str:
    """An HMAC keyed by the app's secret: a copy of the database alone cannot test guesses."""
    return hmac.new(secret.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
