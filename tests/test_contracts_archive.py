"""The archive's structure as nested models (contracts/archive.py), without a database: a bad value
deep inside is named by its path, an unknown key by its name, and what is left out gets the defaults
of a new record. The checks across sections (refs, positions, one at a time) are in test_archive.py."""
from datetime import date, datetime

import pytest

from townhall.contracts import Command, parse
from townhall.contracts import archive as contract
from townhall.contracts.agenda import Reorder
from townhall.errors import InvalidInput


def minimal(**sections) -> dict:
    return {"format": "townhall-archive", "version": 1, "event": {"title": "Board meeting"}, **sections}


def with_decision(**decision) -> dict:
    return minimal(agenda=[{"position": 0, "title": "Budget",
                            "decisions": [{"text": "Adopted."}, {"text": "Deferred.", **decision}]}])


def refusal(data) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        contract.read(data)
    assert caught.value.code == "invalid_archive"
    return caught.value


@pytest.mark.parametrize("data, field", [
    (with_decision(created_at="last Tuesday"), "agenda[0].decisions[1].created_at"),
    (with_decision(text=["Deferred."]), "agenda[0].decisions[1].text"),
    (minimal(questions=[{"ref": 1, "text": "Why?"}, {"ref": 0, "text": "How?"}]), "questions[1].ref"),
    (minimal(polls=[{"kind": "yesno", "question": "Agree?", "answers": [{"answer": {"choice": 0}}, "yes"]}]),
     "polls[0].answers[1]"),
    (minimal(minutes=[{"version": 1, "item_notes": {"0": ["notes"]}}]), "minutes[0].item_notes.0"),
])
def test_a_bad_value_deep_inside_is_named_by_its_path(data, field):
    error = refusal(data)
    assert error.field == field and error.message.startswith(f"{field}")


def test_an_unknown_key_deep_inside_is_refused_by_its_name():
    error = refusal(with_decision(voter_ids=[3, 4]))
    assert (error.field, error.message) == ("agenda[0].decisions[1].voter_ids",
                                            "Unknown field: agenda[0].decisions[1].voter_ids.")


def test_an_archive_of_another_version_is_named_as_such_before_its_unknown_keys():
    error = refusal({**minimal(), "version": 2, "attendees": []})
    assert error.field == "version" and "version 2" in error.message


def test_a_nested_field_keeps_its_own_message():
    """event.settings are the event form's own fields, with the form's messages."""
    error = refusal(minimal(event={"title": "Board meeting", "settings": {"is_open": "yes"}}))
    assert (error.field, error.message) == ("event.settings.is_open", "event.settings.is_open must be true or false.")


def test_a_list_over_its_size_says_how_many_it_may_hold():
    limit = contract.MAX_RECORDS_PER_ITEM
    data = minimal(agenda=[{"position": 0, "title": "Budget", "actions": [{"what": "Pay"}] * (limit + 1)}])
    error = refusal(data)
    assert error.field == "agenda[0].actions"
    assert error.message == f"agenda[0].actions: has {limit + 1} entries; at most {limit} are allowed."


def test_what_is_left_out_gets_a_new_records_defaults_and_times_are_utc():
    archive = contract.read(minimal(
        event={"title": "Board meeting", "starts_at": "2026-11-21T19:00:00+01:00"},
        agenda=[{"position": 0, "title": "Budget", "actions": [{"what": "Pay", "due_date": "2026-12-31"}]}],
        questions=[{"ref": 1, "text": "Why?"}]))
    assert archive.event.starts_at == datetime(2026, 11, 21, 18, 0) and archive.event.settings.given() == {}
    item = archive.agenda[0]
    assert (item.planned_minutes, item.status, item.decisions, item.actions[0].due_date) == (
        10, "upcoming", None, date(2026, 12, 31))
    question = archive.questions[0]
    assert (question.status, question.progress, question.vote_count, question.is_anonymous) == (
        "published", "open", 0, False)
    assert archive.speakers is None and archive.polls is None


def test_an_entry_of_a_flat_command_is_named_as_in_the_archive():
    """The same path everywhere: a list's entry is name[i]."""
    with pytest.raises(InvalidInput) as caught:
        parse(Reorder, {"item_ids": [4, "5"]})
    assert caught.value.field == "item_ids[1]"


def test_two_different_schemas_with_one_name_are_refused_in_the_document(monkeypatch):
    from townhall.openapi import build

    class Part(Command):
        size: int = 0

    class One(Command):
        part: Part

    class Part(Command):  # noqa: F811 (another model of the same name)
        colour: str = ""

    class Two(Command):
        part: Part

    monkeypatch.setattr(build, "CONTRACTS", {"One": One})
    assert build.contract_schemas()["Part"]["properties"].keys() == {"size"}
    build.CONTRACTS["Two"] = Two
    with pytest.raises(ValueError, match="Part"):
        build.contract_schemas()
