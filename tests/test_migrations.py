"""The Alembic migrations build exactly the schema the models describe."""
import flask_migrate
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
