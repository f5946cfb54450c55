"""docs/followup.md cannot drift from the state machine, and the README points to it."""
from pathlib import Path

from townhall import ledger_docs
from townhall.models.ledger import TRANSITIONS


def test_the_documents_steps_are_the_state_machines():
    """After changing models/ledger.TRANSITIONS: python -m townhall.ledger_docs."""
    assert ledger_docs.section(ledger_docs.DOC.read_text()).strip() == ledger_docs.table()
    assert set(ledger_docs.WHO) == set(TRANSITIONS)
    for kind in TRANSITIONS:
        assert f"| `{kind}` |" in ledger_docs.table()


def test_the_readme_links_the_followup_doc():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    assert "`docs/followup.md`" in readme


def test_every_step_has_words_on_the_tracker_and_the_receipt():
    from townhall.serializers import followups, receipts

    assert set(followups.STEP_WORDS) == set(TRANSITIONS) == set(receipts.STEP_WORDS)
