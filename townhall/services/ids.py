"""Row ids sent by clients: whole numbers the database's integer columns can hold.

A JSON number or URL segment can be arbitrarily large; SQLite refuses more than 64
bits (OverflowError) and PostgreSQL more than 32 for an INTEGER column (DataError).
Such an id names no row: checked here, it becomes a 4xx answer instead of a 500.
"""
MAX_ID = 2**31 - 1


def is_id(value) -> bool:
    """An int (not a bool) that fits the id columns; it may still name no row."""
    return isinstance(value, int) and not isinstance(value, bool) and -MAX_ID - 1 <= value <= MAX_ID
