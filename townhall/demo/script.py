"""The script of the finished demo meeting (demo/meeting.py runs it): what happened, and when.

Minutes are counted from the meeting's start; agenda items are given by their index.
"""

MEETING_HOUR = (18, 2)  # yesterday, UTC
EVENT = {
    "title": "Town hall: the river park plan",
    "place": "Community centre, main hall",
    "description": "The council presents three options for the river park and takes questions from residents.",
    "premoderation": True, "anonymous_speakers": True,
}
# title, presenter, planned minutes, seconds it actually ran, the note-taker's live notes
AGENDA = [
    ("Welcome and purpose of the evening", "Chair", 5, 432,
     ("The chair opened the meeting and welcomed the residents.\nHouse rules: one question at a time, "
      "two minutes per speaker; questions are sent from phones and approved by the moderator.")),
    ("The river park plan 河滨公园计划: three options", "Planning office", 30, 2465,
     ("The planning office showed three options: A (meadow and paths), B (meadow, playground and café) "
      "and C (leave it as it is).\nOption B was clearly preferred in the room; a confidential vote "
      "supported a one-year pilot.")),
    ("Traffic and parking around the park", "City traffic department", 15, 718,
     "Weekend parking moves to the station garage. Residents asked for safer crossings on River Road."),
    ("Open floor", "Chair", 25, 1322,
     "Residents spoke about trees along the river, flooding and dogs in the playground."),
    ("Next steps and closing", "Chair", 5, 475,
     "The chair summarised the decisions and thanked everyone. The next town hall on the park is in December."),
]
TEAM = [("maria.lopez@townhall.example", "Maria Lopez", "moderator"),
        ("sam.oneil@townhall.example", "Sam O'Neil", "note_taker")]
VOTERS = 40

# key, agenda item (index, None: no item), minute of the meeting it was asked, asker (None: anonymous),
# text, votes, what became of it: ("answered", answer text | None, minute), ("open", next step | None),
# ("hidden" | "rejected", reason, minute), ("merged", key of the question, minute), ("edited", new text, minute)
QUESTIONS = [
    ("opening", 1, 12.4, None, "公园什么时候开放？", 23,
     ("answered", "Spring 2027, if the pilot goes ahead.", 30.5)),
    ("path", 1, 15.1, "Ana", "Will the river path stay open while the park is being built?", 17,
     ("answered", "Yes: a temporary path runs along the east bank during the works.", 33.2)),
    ("cost", 1, 18.7, "Jonas", "How much does option B cost, and who pays for it?", 14,
     ("answered", "About 4.2 million euros: two thirds from the regional fund, the rest from the city.", 37.0)),
    ("rude", 1, 20.2, None, "The planning office are clowns, nobody listens to us", 0,
     ("hidden", "offensive", 21.0)),
    ("bike", 1, 22.9, None, "Will the bike path connect to the station?", 12,
     ("open", "The planning office answers in writing within 14 days.")),
    ("boathouse", 1, 26.3, "Mei", "Will the old boathouse be kept?", 5, ("open", None)),
    ("parking", 2, 50.2, "Ravi", "Where will visitors park at weekends?", 19,
     ("answered", "In the station garage; the city signs the way and keeps it free on Sundays.", 55.4)),
    ("speed", 2, 51.0, None, "Can River Road get a 30 km/h limit?", 9, ("answered", None, 58.1)),
    ("parking2", 2, 52.3, None, "Where are people supposed to park on weekends??", 4, ("merged", "parking", 53.0)),
    ("bus", 2, 54.1, "Lena", "Wil the bus 12 stop at the park entrance", 7,
     ("edited", "Will bus 12 stop at the park entrance?", 54.6)),
    ("phone", 3, 62.0, "Tom", "Call me on 0176 555 0199 about my garden fence", 0, ("rejected", "personal_data", 62.5)),
    ("upkeep", 3, 64.2, "Sofia", "Who pays for the upkeep once the park is finished?", 11,
     ("answered", "The city, from the parks budget; a volunteer group helps with the planting.", 70.3)),
    ("fence", 3, 67.5, None, "Can the playground be fenced so that dogs stay out?", 6,
     ("open", "Discussed at the December meeting.")),
    ("waste", 3, 72.0, "Karl", "When is the next bulky waste collection?", 1, ("hidden", "off_topic", 72.4)),
    ("trees", 3, 74.8, "Mei", "How many of the old trees will be cut down?", 10, ("open", None)),
    ("minutes", None, 84.0, "Ines", "Will the minutes of tonight be published?", 8,
     ("answered", "Yes, at the event's link within a week.", 86.1)),
]
# Why the chair took a question before a higher-voted one still waiting (services/queue_skips.py): the
# questions of the item on the floor first; the minutes' question because the meeting was ending.
SKIP_REASONS = {"speed": "On the current agenda item", "upkeep": "On the current agenda item",
                "minutes": "Time-sensitive"}
# follow-ups of an edited question: it stays open with a next step
EDITED_NEXT_STEP = {"bus": "Raised with the transport company; answered at the December meeting."}

# item, kind, question, fields, (opened, closed) minute, ballots: answers (as polls.vote takes them)
POLLS = [
    (1, "single", "Which option for the river park do you prefer?",
     {"options": ["A: meadow and paths", "B: meadow, playground and café", "C: leave it as it is"]},
     (24.0, 27.0), [{"choice": 0}] * 8 + [{"choice": 1}] * 21 + [{"choice": 2}] * 5),
    (1, "yesno", "Do you support a one-year pilot of option B?", {"confidential": True, "k_threshold": 5},
     (38.0, 40.5), [{"choice": 0}] * 24 + [{"choice": 1}] * 6 + [{"choice": 2}] * 3),
    (1, "rating", "How clear was the presentation?", {"labels": ["Not clear", "Very clear"]},
     (44.0, 46.0), [{"rating": r} for r, n in ((1, 1), (2, 2), (3, 5), (4, 11), (5, 7)) for _ in range(n)]),
    (2, "ranking", "What matters most on River Road?",
     {"options": ["Safe crossings", "Parking", "Bus stops", "Cycle lanes"]},
     (56.0, 59.0), [{"order": order} for order, n in (([0, 3, 2, 1], 8), ([0, 1, 2, 3], 5), ([3, 0, 2, 1], 4),
                                                       ([1, 0, 2, 3], 3), ([2, 0, 3, 1], 1)) for _ in range(n)]),
    (3, "multiple", "Which would you use in the park?",
     {"options": ["Café", "Playground", "Outdoor gym", "Dog area", "Picnic tables"], "max_choices": 3},
     (65.0, 68.0), [{"choices": c} for c, n in (([0, 1], 7), ([0, 4], 6), ([2], 3), ([1, 3, 4], 5), ([3], 3))
                    for _ in range(n)]),
    (3, "yesno", "Should the council sell the boathouse lot?", {"confidential": True, "k_threshold": 10},
     (76.0, 78.0), [{"choice": 1}] * 4 + [{"choice": 0}] * 2 + [{"choice": 2}]),
    (3, "text", "One word for the park tonight?", {},
     (79.0, 81.5), [{"text": t} for t in ("trees", "green", "quiet", "安静", "more trees", "café", "finally",
                                           "green and quiet", "tall trees", "playground", "idiots", "river",
                                           "shade", "trees", "calm", "很安静", "birds", "green")]),
]
HIDDEN_ANSWERS = {"idiots"}
DRAFT_POLL = {"kind": "yesno", "question": "Would you join a volunteer planting day?"}

# item, minute requested, minute called, seconds spoken, speaker (a phone's name, None: a phone without a
# name, ("added", name): added by the moderator), topic
SPEAKERS = [
    (1, 27.5, 28.0, 95, "Ana", "Accessibility of the paths"),
    (1, 29.0, 30.0, 130, None, "Noise from the café at night"),
    (3, 62.8, 63.2, 88, "Mei", "Trees along the river"),
    (3, 63.0, 65.1, 150, ("added", "Mr. Okafor"), "Flooding in the basements"),
    (3, 66.0, 68.2, 61, None, "Dogs in the playground"),
]
DECISIONS = [
    (1, "The council runs a one-year pilot of option B.", "24 yes, 6 no, 3 abstain (confidential poll)"),
    (2, "The traffic department studies a 30 km/h limit on River Road.", ""),
    (4, "The next town hall on the river park is held in December.", ""),
]
# item, what, owner, due in days after the meeting (None: no date)
ACTIONS = [
    (1, "Publish the full cost plan of option B", "Planning office", 21),
    (1, "Set up a residents' working group on the boathouse 船屋", "Maria Lopez", None),
    (2, "Publish the traffic study for River Road", "City traffic department", 14),
    (4, "Answer the unanswered questions in writing at the event's link", "Chair", 14),
]
PEAK_SHARE = 0.85  # of the phones that joined, most were connected at once
