"""Guards for the schema the privacy promises rest on: a new table that refers to an attendee or to an
event must say what retention and deletion do with it, or these fail."""
from townhall.extensions import db

# (table, column) -> what the database does when retention deletes the attendee; retention.forget
# also clears the rows' names and tags (tests/test_retention.py).
ATTENDEE_REFERENCES = {
    ("questions", "attendee_id"): "SET NULL",  # the question stays
    ("votes", "attendee_id"): "SET NULL",  # the vote stays counted
    ("ballots", "attendee_id"): "SET NULL",  # the ballot stays counted
    ("speaker_requests", "attendee_id"): "SET NULL",  # the entry stays as "Speaker N"
    ("poll_participations", "attendee_id"): "CASCADE",  # the "has voted" fact goes
    ("connections", "attendee_id"): "CASCADE",
    ("bans", "attendee_id"): "SET NULL",  # the ban stays counted, keyed by "forgotten:<id>"
    ("attendee_codes", "attendee_id"): "SET NULL",  # the slip stays "used", bound to no phone
}


def references(to: str) -> dict:
    return {(fk.parent.table.name, fk.parent.name): fk.ondelete
            for table in db.metadata.tables.values() for fk in table.foreign_keys if fk.column.table.name == to}


def test_every_reference_to_an_attendee_is_one_retention_knows():
    assert references("attendees") == ATTENDEE_REFERENCES


def test_every_row_that_hangs_off_an_event_goes_with_it():
    """Deleting an event deletes (CASCADE) every row that refers to it, and every row that refers to
    those with a required reference; an optional one (agenda item of a question) may be SET NULL."""
    seen, tables = set(), ["events"]
    while tables:
        parent = tables.pop()
        for (table, column), ondelete in references(parent).items():
            required = not db.metadata.tables[table].c[column].nullable
            if parent == "events" or required:
                assert ondelete == "CASCADE", (table, column, ondelete)
            if ondelete == "CASCADE" and table not in seen:
                seen.add(table)
                tables.append(table)
    assert {"attendees", "questions", "votes", "polls", "ballots", "minutes", "operations"} <= seen
