"""Benchmarks: `make bench`. They print figures; tests never assert timings."""
from . import polls, votes

print("== votes: 100 phones voting at once ==")
votes.run()
print("== polls: 100 phones answering a poll at once, then a close racing 20 more ==")
polls.run()
