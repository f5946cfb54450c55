"""A minutes document by the contract in docs/minutes.md, for renderer tests.

It holds what renderers must get right: Chinese and other scripts, characters
that mean something in HTML, Markdown and spreadsheets, an anonymous question,
an anonymous speaker, a suppressed confidential poll and every chart kind.
The builder's own tests check that real meetings produce this shape.
"""
import copy

ANONYMOUS_TAG = "d1c0ffee" * 8  # an author tag: must never reach any output

_QUESTION = {"id": 0, "text": "", "author": None, "votes": 0, "answer_text": None, "answered_at": None,
             "next_step": None, "item": None, "asked_at": "2026-11-20T18:05:00Z"}


def _question(**fields) -> dict:
    return {**_QUESTION, **fields}


def _item(**fields) -> dict:
    base = {"id": None, "position": None, "title": "", "presenter": "", "description": "", "status": "done",
            "planned_minutes": None, "actual_seconds": None, "started_at": None, "ended_at": None, "notes": "",
            "decisions": [], "actions": [], "answered": [], "speakers": [], "polls": []}
    return {**base, **fields}


SAMPLE = {
    "format": "townhall-minutes", "contract": 1, "version": 2, "status": "final",
    "finalized_at": "2026-11-20T21:00:00Z", "generated_at": "2026-11-20T21:00:00Z",
    "event": {
        "title": "Town hall: the river park 河滨公园", "code": "K7QX2MPA", "place": "Community centre, main hall",
        "description": "Public meeting on the river park plan.", "link": "http://townhall.local/e/K7QX2MPA",
        "starts_at": "2026-11-20T18:00:00Z", "started_at": "2026-11-20T18:02:00Z",
        "ended_at": "2026-11-20T19:31:00Z", "timezone": "UTC", "language": "en",
        "accent_color": None, "logo": None,
        "organizers": ["Maria Lopez", "Chen Wei 陈伟"],
        "chair": "Maria Lopez", "note_taker": "Sam O'Neil",
    },
    "attendance": {"joined": 142, "peak_connected": 118, "questions": 9, "votes": 311, "ballots": 205},
    "summary": "The council presented the river park plan. The room approved the pilot <by a large margin>.",
    "items": [
        _item(id=11, position=1, title="Welcome & purpose", presenter="Chair", planned_minutes=5,
              actual_seconds=420, started_at="2026-11-20T18:02:00Z", ended_at="2026-11-20T18:09:00Z",
              notes="The chair opened the meeting.\nHouse rules were read.",
              speakers=[{"label": "Ana", "topic": "Accessibility", "seconds": 95}]),
        _item(id=12, position=2, title="The river park plan 河滨公园计划", presenter="Planning office",
              planned_minutes=30, actual_seconds=2460, started_at="2026-11-20T18:09:00Z",
              ended_at="2026-11-20T18:50:00Z", notes="Three options were shown. *Option B* was preferred.",
              decisions=[{"text": "Pilot option B for one year.", "vote_result": "112 for, 30 against, 8 abstain"}],
              actions=[{"what": "Publish the traffic study", "owner": "Planning office", "due_date": "2026-12-15"},
                       {"what": "Set up a 居民 working group", "owner": "Chen Wei", "due_date": None}],
              answered=[
                  _question(id=101, text="公园什么时候开放？", author=None, votes=57,
                            answer_text="Spring 2027, if the pilot goes ahead.", answered_at="2026-11-20T18:31:00Z",
                            item="The river park plan 河滨公园计划"),
                  _question(id=102, text="=HYPERLINK(\"http://evil\") will parking cost <b>more</b>?",
                            author="Jonas", votes=31, answered_at="2026-11-20T18:40:00Z",
                            item="The river park plan 河滨公园计划"),
              ],
              speakers=[{"label": "Speaker 3", "topic": "Noise at night", "seconds": 130},
                        {"label": "Mei", "topic": "", "seconds": 61}],
              polls=[
                  {"id": 21, "question": "Which option do you prefer?", "kind": "single", "confidential": False,
                   "ballots": 120, "status": "closed", "opened_at": "2026-11-20T18:20:00Z",
                   "closed_at": "2026-11-20T18:23:00Z", "suppressed": False, "summary": "120 ballots",
                   "bars": [{"label": "Option A", "value": 30, "text": "30 (25%)"},
                            {"label": "Option B 方案", "value": 78, "text": "78 (65%)"},
                            {"label": "Option C", "value": 12, "text": "12 (10%)"}],
                   "answers": None},
                  {"id": 22, "question": "Rate the presentation", "kind": "rating", "confidential": False,
                   "ballots": 60, "status": "closed", "opened_at": "2026-11-20T18:44:00Z",
                   "closed_at": "2026-11-20T18:46:00Z", "suppressed": False, "summary": "Average 3.9 of 5",
                   "bars": [{"label": str(v), "value": n, "text": str(n)} for v, n in
                            ((1, 2), (2, 5), (3, 10), (4, 25), (5, 18))],
                   "answers": None},
                  {"id": 23, "question": "Should the council sell the lot?", "kind": "yesno", "confidential": True,
                   "ballots": 3, "status": "closed", "opened_at": "2026-11-20T18:47:00Z",
                   "closed_at": "2026-11-20T18:48:00Z", "suppressed": True,
                   "summary": "3 ballots: too few to show results of a confidential poll", "bars": [],
                   "answers": None},
              ]),
        _item(id=13, position=3, title="Open floor", presenter="Chair", planned_minutes=20, actual_seconds=None,
              status="upcoming",
              polls=[{"id": 24, "question": "One word for the park?", "kind": "text", "confidential": False,
                      "ballots": 22, "status": "closed", "opened_at": "2026-11-20T19:00:00Z",
                      "closed_at": "2026-11-20T19:03:00Z", "suppressed": False, "summary": "22 answers",
                      "bars": [{"label": "trees", "value": 9, "text": "9"}, {"label": "安静", "value": 4, "text": "4"}],
                      "answers": ["trees", "more trees", "安静"]}]),
    ],
    "general": _item(title="General", status="done",
                     answered=[_question(id=103, text="Who pays for the upkeep?", author="Ana", votes=12,
                                         answered_at="2026-11-20T19:20:00Z",
                                         answer_text="The city, from the parks budget.")]),
    "unanswered": {
        "next_steps": "The planning office answers in writing within 14 days at the event's link.",
        "questions": [
            _question(id=104, text="Will the bike path connect to the station? 自行车道", author=None, votes=44,
                      item="The river park plan 河滨公园计划"),
            _question(id=105, text="@SUM(A1:A9) -- what about trees?", author="Ravi", votes=8,
                      next_step="Discussed at the December meeting."),
        ],
    },
    "moderation": {"asked": 9, "published": 6, "pending": 0, "rejected": 1, "hidden": 1, "archived": 0,
                   "merged": 1, "edited": 1, "by_reason": {"offensive": 1, "duplicate": 1}, "withheld": None,
                   "banned": 1, "summary": "Moderation: 1 question rejected as a duplicate, 1 question hidden as "
                                           "offensive, 1 question merged as duplicates, 1 phone banned."},
    "fairness": {"summary": "A higher-voted question that was waiting was passed over 1 time, out of 3 questions "
                            "put on the floor.",
                 "skips": 1, "on_floor": 3,
                 "skipped": [{"at": "2026-11-20T18:40:00Z", "chosen": "Will the bike path connect to the station? "
                              "自行车道", "chosen_votes": 44, "passed_over": "Why close the bridge? | 为什么",
                              "passed_over_votes": 61, "passed_over_count": 2, "reason": "On the current agenda item"}],
                 "askers": {"named": {"questions": 4, "answered": 3}, "anonymous": {"questions": 2, "answered": 1},
                            "first_time": {"questions": 5, "answered": 4}, "repeat": {"questions": 1, "answered": 0}},
                 "items": [{"title": "The river park plan 河滨公园计划", "questions": 4, "answered_in_room": 3},
                           {"title": "No item", "questions": 2, "answered_in_room": 0}]},
    "activity": {"bucket_minutes": 1, "start": "2026-11-20T18:02:00Z",
                 "buckets": [{"at": f"2026-11-20T18:{m:02d}:00Z", "questions": m % 3, "votes": (m * 7) % 11}
                             for m in range(2, 60)]},
}


_NO_PERCENTILE = {"days": None, "more_than_days": None}
_NO_FIGURES = {"count": 0, "answered": 0, "waiting": 0, "left_without_written_answer": 0,
               "median": _NO_PERCENTILE, "p90": _NO_PERCENTILE, "on_time": {"count": 0, "judged": 0, "share": None},
               "overdue": {"count": 0, "waiting": 0, "share": None},
               "feedback": {"given": 0, **{kind: {"count": 0, "share": None} for kind in ("yes", "partly", "no")}}}
_FIGURES = {"count": 1, "answered": 1, "waiting": 0, "left_without_written_answer": 0,
            "median": {"days": 6.0, "more_than_days": None}, "p90": {"days": 6.0, "more_than_days": None},
            "on_time": {"count": 1, "judged": 1, "share": 1.0}, "overdue": {"count": 0, "waiting": 0, "share": None},
            "feedback": {"given": 1, "yes": {"count": 0, "share": 0.0}, "partly": {"count": 1, "share": 1.0},
                         "no": {"count": 0, "share": 0.0}}}
# The same shape as the demo's section (which refers, closes and leaves some unanswered, defers none).
# FOLLOWUP has one entry of each kind, for renderer tests (tests/test_minutes_followup.py reads real ones too).
SAMPLE["followup"] = {"tracker": "http://townhall.local/e/K7QX2MPA/followup",
                      "referred": [{"id": 101, "text": "Why close the bridge? | 为什么", "author": "Ana", "votes": 61,
                                    "item": "The river park plan 河滨公园计划", "state": "answered_in_writing",
                                    "office": "Planning office", "referred_at": "2026-11-20T19:40:00Z",
                                    "first_due_on": "2026-12-04", "due_on": "2026-12-04", "overdue": False,
                                    "note": "We will publish the works' timetable.",
                                    "answer_text": "The works end in March.", "answered_at": "2026-11-26T09:00:00Z",
                                    "feedback": "partly"}],
                      "deferred": [],
                      "closed": [{"id": 103, "text": "Can my street be repaved first?", "author": None, "votes": 2,
                                  "item": None, "state": "closed", "reason": "A private matter."}],
                      "not_followed_up": [{"id": 104, "text": "Will the bike path connect to the station? 自行车道",
                                           "author": None, "votes": 44, "item": "The river park plan 河滨公园计划",
                                           "state": "published"}],
                      "figures": {"overall": _NO_FIGURES | _FIGURES,
                                  "offices": [{"office": "Planning office", **_FIGURES}]}}


def sample_document(**changes) -> dict:
    """A deep copy of SAMPLE, with top-level keys replaced by `changes`."""
    doc = copy.deepcopy(SAMPLE)
    doc.update(changes)
    return doc
