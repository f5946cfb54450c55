"""A room of thousands: joins, socket connects, fan-out, votes, snapshots, memory and a reconnect storm.

The server runs as `make run` runs it (gunicorn, one gevent worker, SQLite) pinned to one core; a
Node load generator (benchmarks/loadgen, `ws` from the npm registry) drives every phone from one
process pinned to the other core, through the app's real join flow. The same harness then drives
two references in the same run: a bare gevent WebSocket broadcast server (reference_server.py) and
python-socketio alone (reference_socketio.py); ratios are printed beside the absolute figures.

Environment: SCALE_SIZES="1000,5000,10000", SCALE_VOTE_SECONDS=60, SCALE_VOTE_RATE=1000,
SCALE_VOTERS=2000, SCALE_OUT=benchmarks/results/scale.json; SCALE_PROFILE="votes,connect" records
py-spy profiles of the server during those phases (collapsed stacks beside SCALE_OUT).
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import summary
from .phones import run_script
from .server import ROOT, Server, pinned

LOADGEN = ROOT / "benchmarks" / "loadgen"
WEBSOCKET_WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"  # gunicorn.conf.py: its subclass


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def settings() -> dict:
    return {
        "sizes": [int(n) for n in os.environ.get("SCALE_SIZES", "1000,5000,10000").split(",")],
        "vote_seconds": _env_int("SCALE_VOTE_SECONDS", 60),
        "vote_rate": _env_int("SCALE_VOTE_RATE", 1000),
        "voters": _env_int("SCALE_VOTERS", 2000),
        "profile": [p for p in os.environ.get("SCALE_PROFILE", "").split(",") if p],
        # 2: the app is also run as the scaled-out layout (scripts/scaleout.py: nginx, two processes,
        # PostgreSQL, Redis), in the same run, and the figures are compared with one process's.
        "processes": _env_int("SCALE_PROCESSES", 1),
        "out": Path(os.environ.get("SCALE_OUT", ROOT / "benchmarks" / "results" / "scale.json")),
    }


def ensure_loadgen() -> None:
    if not shutil.which("node") or not shutil.which("npm"):
        sys.exit("error: the scale benchmark needs Node.js and npm (Debian: apt-get install nodejs npm)")
    if not (LOADGEN / "node_modules" / "ws").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LOADGEN, check=True)


def seed_event(env) -> str:
    """An organizer and an open event that publishes questions at once; its join code."""
    return run_script(env, (
        "from townhall.services import accounts, events\n"
        "with app.app_context():\n"
        "    uid = accounts.create_organizer(email='bench@example.com', name='Bench', password='x'*16)\n"
        "    print(events.create_event(owner_id=uid, title='A room of thousands', premoderation=False))\n"
    ))[-1]


def change_while_down(env, code: str) -> None:
    """What another process could do while this one restarts: a new phone asks a question."""
    run_script(env, (
        "from townhall.services import attendees, questions\n"
        "with app.app_context():\n"
        f"    phone = attendees.join(code={code!r})\n"
        f"    questions.ask(code={code!r}, attendee_id=phone[0], token=phone[1], text='Asked during the restart?')\n"
    ))


def count_votes(env, code: str) -> dict:
    """{question id: (Vote rows, vote_count)} read from the database after the run."""
    lines = run_script(env, (
        "from sqlalchemy import func, select\n"
        "from townhall.extensions import db\n"
        "from townhall.models import Event, Question, Vote\n"
        "with app.app_context():\n"
        f"    event = db.session.execute(select(Event).where(Event.code == {code!r})).scalar_one()\n"
        "    rows = db.session.execute(select(Question.id, Question.vote_count, func.count(Vote.id))\n"
        "        .outerjoin(Vote, Vote.question_id == Question.id).where(Question.event_id == event.id)\n"
        "        .group_by(Question.id)).all()\n"
        "    for qid, count, stored in rows: print(qid, stored, count)\n"
    ))
    return {int(q): (int(stored), int(count)) for q, stored, count in (line.split() for line in lines)}


def drive(server: Server, config: dict) -> dict:
    """Run the load generator against a started server; restarts the server when it asks."""
    config = {**config, "base": server.base, "serverPid": server.worker_pid}
    proc = subprocess.Popen(pinned(["node", str(LOADGEN / "loadgen.mjs"), json.dumps(config)], 1), cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    result = None
    profiler = None
    phases, current, phase = {}, None, None
    try:
        for line in proc.stdout:
            message = json.loads(line)
            if current and message["type"] == "progress":
                phases[current] = (phases[current][0], time.time())
                current = None
            if message["type"] == "phase_start":
                current = phase = message["phase"]
                phases[current] = (time.time(), None)
            if profiler and message["type"] in ("progress", "need_restart"):
                _stop(profiler)
                profiler = None
            if message["type"] == "phase_start":
                if phase in config.get("profile", ()) and not phase.startswith("storm"):
                    profiler = _profile(server, config, message["phase"])
            elif message["type"] == "progress":
                figures = {k: v for k, v in message.items() if k not in ("type", "phase") and not isinstance(v, dict)}
                print(f"    {message['phase']}: {figures}", flush=True)
            elif message["type"] == "need_restart":
                stopped, started = server.restart(between=(lambda: change_while_down(server.env, config["code"]))
                                                  if message.get("variant") == "changed" else None)
                if phase in config.get("profile", ()):  # a storm: the new worker, from its first connect
                    profiler = _profile(server, config, phase)
                proc.stdin.write(f"restarted {server.worker_pid} {stopped:.2f} {started:.2f}\n")
                proc.stdin.flush()
            elif message["type"] == "result":
                result = message["result"]
            elif message["type"] == "error":
                print(server.log_tail(), file=sys.stderr)
                raise RuntimeError(f"load generator failed: {message['message']}")
    finally:
        if proc.poll() is None:  # stopped early: no load generator left behind
            proc.kill()
        if profiler:
            _stop(profiler)
    proc.wait()
    if result is None:
        raise RuntimeError(f"load generator exited with {proc.returncode} and no result")
    if server.monitor:
        result["loop"] = loop_by_phase(server.monitor, phases)
    return result


def loop_by_phase(path: Path, phases: dict) -> dict:
    """The server's loop monitor (townhall/loop_monitor.py) summed up per phase: the longest stall,
    the longest collection of the younger generations, and the full (generation 2) collections."""
    if not path.exists():
        return {}
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    summary = {}
    for phase, (start, end) in phases.items():
        inside = [x for x in lines if start <= x["at"] <= (end or start) + 5]
        if inside:
            summary[phase] = {"max_lag_ms": max(x["max_lag_ms"] for x in inside),
                              "longest_young_gc_ms": max(x["gc"][g]["longest_ms"] for x in inside for g in "01"),
                              "full_gc": sum(x["gc"]["2"]["count"] for x in inside),
                              "longest_full_gc_ms": max(x["gc"]["2"]["longest_ms"] for x in inside)}
    return summary


def _profile(server: Server, config: dict, phase: str) -> subprocess.Popen:
    """py-spy, sampling the server's worker until stopped; collapsed stacks (flamegraph input)."""
    out = settings()["out"].with_name(f"profile-{config['phones']}-{phase}.txt")
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(server.worker_pid),
                             "--format", "raw", "--rate", "200", "--output", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(profiler: subprocess.Popen) -> None:
    """py-spy writes its profile on SIGINT; one whose process has gone may not answer."""
    profiler.send_signal(signal.SIGINT)
    try:
        profiler.wait(timeout=20)
    except subprocess.TimeoutExpired:
        profiler.kill()
        profiler.wait()


def check_votes(result: dict, stored: dict) -> dict:
    """Acknowledged = counted. lost: acknowledged votes missing from the Vote rows; doubled: a vote
    acknowledged twice, or a counter above its rows; unacknowledged: stored, but the phone gave up
    waiting for the ack (a timeout is not a refusal); counter mismatches: vote_count != Vote rows."""
    acked = {int(q): n for q, n in result["votes"]["per_question"].items()}
    rows = {q: stored.get(q, (0, 0))[0] for q in acked}
    counters = {q: stored.get(q, (0, 0))[1] for q in acked}
    return {
        "lost": sum(max(0, n - rows[q]) for q, n in acked.items()),
        "doubled": result["votes"]["doubled_acks"] + sum(max(0, counters[q] - rows[q]) for q in acked),
        "unacknowledged": sum(max(0, rows[q] - n) for q, n in acked.items()),
        "counter_mismatches": sum(1 for q in acked if rows[q] != counters[q]),
    }


class LayoutServer:
    """The scaled-out layout in the place of one Server for drive(): phones reach nginx; the restart
    storms restart the first of the processes (its phones come back through nginx); the memory figure
    is the first process's (it serves about half the phones)."""

    monitor = None

    def __init__(self, processes: int):
        from scripts.scaleout import Layout

        self.layout = Layout(Path(tempfile.mkdtemp(prefix="townhall-scale-")), processes=processes).start()
        self.base = self.layout.base
        self.first = self.layout.apps[0]
        self.env = self.first.env
        self.instance = self.first.instance

    @property
    def worker_pid(self) -> int:
        return self.first.worker_pid

    def restart(self, between=None):
        return self.first.restart(between)

    def log_tail(self, lines: int = 20) -> str:
        return self.first.log_tail(lines)

    def close(self) -> None:
        self.layout.stop()
        shutil.rmtree(self.layout.folder, ignore_errors=True)


def run_app(n: int, s: dict, processes: int = 1) -> dict:
    if processes > 1:
        return _drive_app(LayoutServer(processes), n, s)
    # SCALE_BLOCKING_MS: gevent reports (in the server log, kept beside SCALE_OUT) every greenlet
    # that holds the loop longer than this, with its stack.
    blocking = os.environ.get("SCALE_BLOCKING_MS")
    env = {"GEVENT_MONITOR_THREAD_ENABLE": "true", "GEVENT_MAX_BLOCKING_TIME": str(int(blocking) / 1000)} \
        if blocking else {}
    server = Server(core=0, monitor=True, env=env)
    server.start()
    try:
        return _drive_app(server, n, s)
    finally:
        if blocking:
            s["out"].parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(Path(server.instance) / "server.log", s["out"].with_name(f"server-{n}.log"))


def _drive_app(server, n: int, s: dict) -> dict:
    try:
        code = seed_event(server.env)
        result = drive(server, {
            "code": code, "phones": n, "joinConcurrency": 64, "connectConcurrency": 256,
            "fanoutRounds": 10, "voteSeconds": s["vote_seconds"], "voteRate": s["vote_rate"],
            "voters": min(s["voters"], n), "duplicateShare": 0.005, "snapshotRate": 10, "storm": True,
            "profile": s["profile"],
        })
        if "votes" in result:
            result["votes"]["database"] = check_votes(result, count_votes(server.env, code))
        return result
    finally:
        server.close()


def run_reference(n: int, kind: str) -> dict:
    if kind == "raw":
        command = [sys.executable, "-m", "benchmarks.reference_server", "{port}"]
        health = None
    else:
        command = [sys.executable, "-m", "gunicorn", "-k", WEBSOCKET_WORKER, "-w", "1",
                   "--worker-connections", "100000",
                   "-b", "127.0.0.1:{port}", "--no-control-socket", "benchmarks.reference_socketio:app"]
        health = "/socket.io/?EIO=4&transport=polling"
    server = Server(command, core=0, health_path=health or "/")
    server.app = kind != "raw"  # a gunicorn master: its worker is the process to measure
    try:
        server.start(listening_only=health is None)
        return drive(server, {"code": "REF", "phones": n, "reference": True, "connectConcurrency": 256,
                              "fanoutRounds": 10})
    finally:
        server.close()


def _ms(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def report(n: int, app: dict, raw: dict, sio: dict) -> None:
    j, c, f, m = app["join"], app["connect"], app["fanout"], app["memory"]
    rc, rf, rm = raw["connect"], raw["fanout"], raw["memory"]
    print(f"  N = {n:,}")
    floor = app["http_floor"]["per_second"]
    print(f"    joins (page + join)      {j['per_second']:8.0f}/s   ({j['seconds']:.1f} s, {j['failed']} failed)"
          f"   floor: GET /healthz {floor:.0f}/s, so at most {floor / 2:.0f} two-request joins/s"
          f" (x{j['per_second'] / (floor / 2):.2f})")
    print(f"    socket connects          {c['per_second']:8.0f}/s   ({c['seconds']:.1f} s, {c['failed']} failed)"
          f"   raw {rc['per_second']:.0f}/s (x{c['per_second'] / rc['per_second']:.2f})"
          f"   python-socketio {sio['connect']['per_second']:.0f}/s")
    print(f"    joined + connected       {app['joined_and_connected_s']:8.1f} s")
    print(f"    fan-out p50/p99/max      {_ms(f['p50'])} / {_ms(f['p99'])} / {_ms(f['max'])} ms,"
          f" delivered {f['delivered']}/{f['expected']}"
          f"   raw p99 {_ms(rf['p99'])} ms (x{f['p99'] / rf['p99']:.2f})"
          f"   python-socketio p99 {_ms(sio['fanout']['p99'])} ms")
    if "votes" in app:
        v = app["votes"]
        print(f"    votes                    {v['acked_per_second']:8.0f}/s acked of {v['offered_per_second']:.0f}/s "
              f"offered; ack p50/p99 {_ms(v['ack_ms']['p50'])} / {_ms(v['ack_ms']['p99'])} ms; "
              f"lost {v['database']['lost']}, doubled {v['database']['doubled']}, "
              f"stored but not acknowledged in time {v['database']['unacknowledged']}, "
              f"counter mismatches {v['database']['counter_mismatches']}, refused {v['refused']}, "
              f"duplicates refused {v['duplicates_refused']}")
        print(f"    tallies on phones        {v['tallies']['stale_phones']} of {v['tallies']['phones']} stale")
        print(f"    snapshot p50/p99         {_ms(v['snapshot_ms']['p50'])} / {_ms(v['snapshot_ms']['p99'])} ms "
              f"during the votes ({v['snapshot_errors']} errors)")
    print(f"    memory per phone         {m['per_phone_kb']:8.1f} KB   raw {rm['per_phone_kb']:.1f} KB"
          f" (x{m['per_phone_kb'] / max(rm['per_phone_kb'], 0.1):.2f})"
          f"   python-socketio {sio['memory']['per_phone_kb']:.1f} KB")
    if app.get("loop"):
        print("    loop stalls (max lag, longest young GC, full GCs): " + "; ".join(
            f"{phase} {x['max_lag_ms']:.0f} ms, {x['longest_young_gc_ms']:.0f} ms, {x['full_gc']}"
            f" ({x['longest_full_gc_ms']:.0f} ms)"
            for phase, x in app["loop"].items()))
    for st in app.get("storms", ()):
        print(f"    restart, {st['variant']:9}    converged in {_ms(st['converged_s'])} s "
              f"(server back after {st['server_back_after_s']:.1f} s: stopped in {st['server_stop_s']:.1f} s,"
              f" started in {st['server_start_s']:.1f} s; {st['reconnected']} of {n} back, "
              f"{st['snapshots_fetched']} snapshots fetched, {st['failed_attempts']} failed attempts;"
              f" connected p50/p99 {_ms(st['connected_s']['p50'])} / {_ms(st['connected_s']['p99'])} s)")


def compare(one: dict, many: dict, processes: int) -> None:
    """The layout's figures as multiples of one process's, measured in the same run."""
    def ratio(a, b):
        return f"x{b / a:.2f}" if a and b is not None else "-"
    line = [f"joins/s {ratio(one['join']['per_second'], many['join']['per_second'])}",
            f"connects/s {ratio(one['connect']['per_second'], many['connect']['per_second'])}",
            f"fan-out p99 {ratio(one['fanout']['p99'], many['fanout']['p99'])}"]
    if "votes" in one and "votes" in many:
        line += [f"votes acked/s {ratio(one['votes']['acked_per_second'], many['votes']['acked_per_second'])}",
                 f"vote ack p99 {ratio(one['votes']['ack_ms']['p99'], many['votes']['ack_ms']['p99'])}"]
    print(f"    {processes} processes / 1:      " + ", ".join(line))


def run() -> None:
    s = settings()
    ensure_loadgen()
    results = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "settings": {
        k: v for k, v in s.items() if k != "out"}, "runs": []}
    for n in s["sizes"]:
        print(f"-- {n:,} phones: the app", flush=True)
        app = run_app(n, s)
        print(f"-- {n:,} phones: bare WebSocket broadcast server", flush=True)
        raw = run_reference(n, "raw")
        print(f"-- {n:,} phones: python-socketio alone", flush=True)
        sio = run_reference(n, "socketio")
        results["runs"].append({"n": n, "app": app, "raw": raw, "socketio": sio})
        report(n, app, raw, sio)
        if s["processes"] > 1:
            print(f"-- {n:,} phones: the app as {s['processes']} processes behind nginx", flush=True)
            scaled = run_app(n, s, s["processes"])
            results["runs"][-1]["scaled_out"] = scaled
            report(n, scaled, raw, sio)
            compare(app, scaled, s["processes"])
    s["out"].parent.mkdir(parents=True, exist_ok=True)
    s["out"].write_text(json.dumps(results, indent=1))
    print(f"  figures written to {s['out'].relative_to(ROOT) if s['out'].is_relative_to(ROOT) else s['out']}")


def run_soak() -> None:
    """Memory per phone over a long run with churn (SOAK_PHONES, SOAK_SECONDS): is it flat?"""
    ensure_loadgen()
    phones, seconds = _env_int("SOAK_PHONES", 10_000), _env_int("SOAK_SECONDS", 1800)
    server = Server(core=0, monitor=True)
    try:
        server.start()
        code = seed_event(server.env)
        started = time.time()
        result = drive(server, {"code": code, "phones": phones, "joinConcurrency": 64, "connectConcurrency": 256,
                                "soakSeconds": seconds, "soakChurnShare": 0.002, "soakVotesPerSecond": 20,
                                "soakSampleSeconds": max(10, seconds // 30)})
        result["loop"] = loop_by_phase(server.monitor, {"whole run": (started, time.time())})
    finally:
        server.close()
    out = settings()["out"].with_name("soak.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print("\n".join("  " + line for line in summary.soak_lines(result)))
