"""The Alembic migrations build exactly the schema the models describe."""
import flask_migrate
import postgres
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from townhall import create_app
from townhall.config import TestConfig
from townhall.extensions import db


def test_migrations_match_the_models(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/migrated.db")
    with app.app_context():
        flask_migrate.upgrade()
        try:
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                assert compare_metadata(context, db.metadata) == []
                assert {"users", "events", "questions", "votes", "alembic_version"} <= set(
                    inspect(connection).get_table_names())
                indexes = {ix["name"]: ix for ix in inspect(connection).get_indexes("questions")}
                assert indexes["uq_questions_answering"]["unique"]
                # confidential ballots: no hidden rowid that would keep the order of insertion
                tables = dict(connection.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'table'").all())
                for table in ("ballots", "poll_participations"):
                    assert tables[table].rstrip().endswith("WITHOUT ROWID"), table
        finally:
            db.engine.dispose()


def test_migrated_database_enforces_one_vote_and_one_answering(tmp_path):
    """The invariants the services rely on come from the migrated schema, not only create_all()."""
    from helpers import PASSWORD

    from townhall.services import accounts, attendees, events, questions

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/migrated.db")
    with app.app_context():
        flask_migrate.upgrade()
        try:
            user_id = accounts.create_organizer(email="olga@example.com", name="Olga", password=PASSWORD)
            code = events.create_event(owner_id=user_id, title="Migrated")
            asker, voter = attendees.join(code=code), attendees.join(code=code)
            first = questions.ask(code=code, attendee_id=asker[0], token=asker[1], text="One")["id"]
            second = questions.ask(code=code, attendee_id=asker[0], token=asker[1], text="Two")["id"]
            questions.vote(code=code, attendee_id=voter[0], token=voter[1], question_id=first)
            from townhall.errors import Conflict

            try:
                questions.vote(code=code, attendee_id=voter[0], token=voter[1], question_id=first)
                raise AssertionError("second vote accepted")
            except Conflict as exc:
                assert exc.code == "already_voted"
            questions.moderate(code=code, user_id=user_id, question_id=first, action="answering")
            questions.moderate(code=code, user_id=user_id, question_id=second, action="answering")
            answering = db.session.execute(db.text(
                "SELECT id FROM questions WHERE progress = 'answering'")).scalars().all()
            assert answering == [second]
        finally:
            db.session.remove()
            db.engine.dispose()


def test_status_checks_of_the_migrated_schema_are_the_enumerations(tmp_path):
    """The migrated database's CHECK constraints list exactly the members of the enumerations in
    models/statuses.py (alembic's comparison does not look at CHECK text): a status added to an
    enumeration without a migration fails here."""
    from townhall.models import statuses

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/migrated.db")
    checks = {("agenda_items", "status"): statuses.ItemStatus, ("polls", "status"): statuses.PollStatus,
              ("minutes", "status"): statuses.MinutesStatus, ("speaker_requests", "status"): statuses.SpeakerStatus,
              ("questions", "status"): statuses.QuestionStatus, ("questions", "progress"): statuses.QuestionProgress,
              ("attendees", "joined_with"): statuses.JoinedWith, ("polls", "voters"): statuses.PollVoters}
    with app.app_context():
        flask_migrate.upgrade()
        try:
            with db.engine.connect() as connection:
                tables = dict(connection.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'table'").all())
                for (table, column), enum in checks.items():
                    assert statuses.check_in(column, statuses.values(enum)) in tables[table], (table, column)
        finally:
            db.engine.dispose()


def test_questions_asked_before_the_ledger_get_their_state_and_history(tmp_path):
    """Migration 0012 backfills the ledger from what the rows already say."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/old.db")
    with app.app_context():
        flask_migrate.upgrade(revision="8d2f4b6a9c13")
        try:
            with db.engine.begin() as connection:
                run = connection.exec_driver_sql
                run("INSERT INTO users (id, email, name, password_hash, created_at, session_version) "
                    "VALUES (1, 'o@example.com', 'O', 'x', '2026-11-01 10:00:00', 0)")
                run("INSERT INTO events (id, code, owner_id, title, place, description, allow_anonymous, "
                    "names_required, premoderation, is_open, created_at) "
                    "VALUES (1, 'ABCDEFGHJK', 1, 'Old', '', '', 1, 0, 0, 1, '2026-11-01 10:00:00')")
                for qid, status, progress, published, answered, merged in (
                        (1, "pending", "open", None, None, None),
                        (2, "published", "open", "2026-11-01 18:01:00", None, None),
                        (3, "published", "answered", "2026-11-01 18:02:00", "2026-11-01 18:30:00", None),
                        (4, "hidden", "open", "2026-11-01 18:03:00", None, None),
                        (5, "merged", "open", "2026-11-01 18:04:00", None, 2)):
                    run("INSERT INTO questions (id, event_id, text, is_anonymous, status, progress, vote_count, "
                        "created_at, published_at, answered_at, merged_into_id, moderation_reason) "
                        "VALUES (?, 1, 'q', 0, ?, ?, 0, '2026-11-01 18:00:00', ?, ?, ?, ?)",
                        (qid, status, progress, published, answered, merged, "spam" if qid == 4 else None))
            flask_migrate.upgrade()
            with db.engine.connect() as connection:
                states = dict(connection.exec_driver_sql("SELECT id, ledger_state FROM questions").all())
                entries = connection.exec_driver_sql(
                    "SELECT question_id, kind, state, at, note FROM question_ledger ORDER BY question_id, id").all()
        finally:
            db.engine.dispose()
    assert states == {1: "submitted", 2: "published", 3: "answered_in_room", 4: "rejected", 5: "closed"}
    by_question: dict[int, list] = {}
    for question_id, kind, state, at, note in entries:
        by_question.setdefault(question_id, []).append((kind, state, str(at)[:19], note))
    assert by_question[1] == [("submit", "submitted", "2026-11-01 18:00:00", None)]
    assert by_question[3][-1] == ("answer_in_room", "answered_in_room", "2026-11-01 18:30:00", None)
    assert by_question[4][-1][::3] == ("reject", "spam")
    assert by_question[5][-1] == ("merge", "closed", "2026-11-01 18:04:00", "Merged into question #2")
    assert [kind for kind, *_ in by_question[4]] == ["submit", "publish", "reject"]


@pytest.mark.skipif(not postgres.ENABLED, reason="runs in the PostgreSQL run (TEST_DATABASE_URL)")
def test_migrations_match_the_models_on_postgresql():
    """`flask db upgrade` from an empty PostgreSQL database gives the models' schema there too (the
    migrations' SQLite batch operations included), with the constraints the services rely on."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=postgres.empty_database("migrated"))
    try:
        with app.app_context():
            flask_migrate.upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                assert compare_metadata(context, db.metadata) == []
                indexes = {ix["name"]: ix for ix in inspect(connection).get_indexes("questions")}
                assert indexes["uq_questions_answering"]["unique"]
            db.engine.dispose()
    finally:
        postgres.drop_empty("migrated")
