"""Benchmarks: `make bench` (all) or `make bench BENCH="minutes"`. They print figures; tests never assert timings."""
import signal
import subprocess
import sys

from . import minutes, polls, scale, similar, snapshots, votes
from .server import ROOT


def vote_cpu() -> None:
    """In a process of its own: it patches the standard library for gevent."""
    subprocess.run([sys.executable, "-m", "benchmarks.vote_cpu"], cwd=ROOT, check=True)


BENCHMARKS = {
    "votes": ("100 phones voting at once", votes.run),
    "polls": ("100 phones answering a poll at once, then a close racing 20 more", polls.run),
    "minutes": ("the minutes of 2,000 questions, 50,000 votes and 30 polls", minutes.run),
    "votecpu": ("CPU per vote written behind in batches: 500 phones in one gevent process", vote_cpu),
    "snapshots": ("2,000 phones fetching a public snapshot, in process, quiet and with tallies moving", snapshots.run),
    "similar": ("similar questions with 1,000 in the event: asking, a phone's look-up, the moderators' snapshot",
                similar.run),
    "scale": ("a room of 1,000 / 5,000 / 10,000 phones against a bare broadcast server", scale.run),
    "soak": ("10,000 phones for 30 minutes with churn: memory per phone over time", scale.run_soak),
}

# Stopped with SIGTERM, still close the servers and load generators it started (their finally blocks).
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

chosen = sys.argv[1:] or list(BENCHMARKS)
unknown = [name for name in chosen if name not in BENCHMARKS]
if unknown:
    sys.exit(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
for name in chosen:
    title, run = BENCHMARKS[name]
    print(f"== {name}: {title} ==")
    run()
