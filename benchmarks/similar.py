"""Similar questions with 1,000 questions in the event, in process: what asking costs (the moderators'
suggestion is computed as the question arrives), what a phone's look-up costs while its person types,
and the moderators' snapshot.

1,000 published questions (two thirds English, one third Chinese, made from templates so that many share
words, as a meeting's questions do); 100 phones. Each phone asks once through the Flask test client
(POST /api/events/<code>/questions): the wall time to the answer. Then 300 look-ups
(GET /api/events/<code>/similar?text=...) of texts like the questions; then the moderators' snapshot.

Run: python -m benchmarks similar (nothing else runs; a scratch SQLite file in /tmp).
"""
import random
import statistics
import tempfile
import time
from pathlib import Path

QUESTIONS = 1_000
PHONES = 100
LOOKUPS = 300

_WH = ["When will", "Why does", "How can", "Who decides if", "Can", "Will"]
_THINGS = ["the park", "the library", "bus line 12", "the swimming pool", "the bridge", "the market", "the school",
           "the bike lanes", "the community garden", "the parking garage", "the town hall", "the clinic",
           "the playground", "the recycling centre", "the river path", "the museum", "the night buses", "the budget"]
_VERBS = ["reopen", "get more funding", "be repaired", "stay open later", "be moved", "get new lights",
          "be cleaned more often", "be made accessible", "cost less", "be expanded", "close in winter",
          "get more staff", "be rebuilt", "open on Sundays"]
_ZH_THINGS = ["公园", "图书馆", "12路公交", "游泳池", "大桥", "菜市场", "学校", "自行车道", "社区花园", "停车场",
              "市政厅", "诊所", "游乐场", "回收站", "河边步道", "博物馆", "夜班车", "预算"]
_ZH_VERBS = ["什么时候重新开放", "能不能多一些经费", "什么时候修好", "可以晚点关门吗", "要搬到哪里", "能装新路灯吗",
             "能多打扫几次吗", "什么时候改成无障碍", "能便宜一点吗", "会扩建吗", "冬天会关闭吗", "会增加人手吗"]


def question(rng: random.Random, n: int) -> str:
    if n % 3 == 2:
        return f"{rng.choice(_ZH_THINGS)}{rng.choice(_ZH_VERBS)}？（{n}）"
    return f"{rng.choice(_WH)} {rng.choice(_THINGS)} {rng.choice(_VERBS)}? ({n})"


def _app(path: Path):
    from townhall import create_app
    from townhall.config import TestConfig
    from townhall.extensions import db

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", TESTING=False, WTF_CSRF_ENABLED=False)
    with app.app_context():
        db.create_all()
    return app


def _seed(app, rng: random.Random) -> tuple[str, int, list, str]:
    from townhall.services import accounts, attendees, events, questions

    with app.app_context():
        owner = accounts.create_organizer(email="bench@example.com", name="Bench", password="x" * 16)
        code = events.create_event(owner_id=owner, title="Similar questions benchmark")
        askers = [attendees.join(code=code) for _ in range(50)]
        for n in range(QUESTIONS):
            attendee_id, token = askers[n % len(askers)]
            questions.ask(code=code, attendee_id=attendee_id, token=token, text=question(rng, n))
        phones = [attendees.join(code=code) for _ in range(PHONES)]
        event_id = events.get_event(code).id
        _row, secret = accounts.create_api_token(user_id=owner, name="Benchmark")
    return code, event_id, phones, secret


def _client(app, event_id: int, attendee_id: int, token: str):
    client = app.test_client()
    with client.session_transaction() as session:
        session["attendees"] = {str(event_id): [attendee_id, token]}
    return client


def _timed(call, *args, **kwargs):
    """(the answer, wall seconds, CPU seconds of this thread): the CPU time is what the server spent on it, the
    same on a busy machine."""
    wall, cpu = time.perf_counter(), time.thread_time()
    answer = call(*args, **kwargs)
    return answer, time.perf_counter() - wall, time.thread_time() - cpu


def _figures(name: str, timings: list[tuple[float, float]]) -> None:
    def stats(values):
        ms = sorted(v * 1000 for v in values)
        return f"median {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms"

    print(f"{name} (n={len(timings)}): wall {stats(t[0] for t in timings)}; CPU {stats(t[1] for t in timings)}")


def _index_figures(app, event_id: int) -> None:
    from sqlalchemy import select

    from townhall.extensions import db
    from townhall.models import Question
    from townhall.services.similarity import Index, features

    with app.app_context():
        rows = db.session.execute(select(Question.id, Question.text).where(Question.event_id == event_id)).all()
    features.cache_clear()
    started = time.perf_counter()
    index = Index(rows)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    index = Index(rows)
    warm = time.perf_counter() - started
    started = time.perf_counter()
    for _id, text in rows:
        index.similar(text)
    each = (time.perf_counter() - started) / len(rows)
    print(f"index of {len(rows)} questions: built in {cold * 1000:.1f} ms ({warm * 1000:.1f} ms with the texts' "
          f"features cached), one look-up {each * 1000:.2f} ms")


def run() -> None:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as scratch:
        app = _app(Path(scratch) / "similar.db")
        code, event_id, phones, secret = _seed(app, rng)
        clients = [_client(app, event_id, a, t) for a, t in phones]
        base = f"/api/events/{code}"

        similar = "api.similar" in {rule.endpoint for rule in app.url_map.iter_rules()}
        asks = []
        for n, client in enumerate(clients[:PHONES // 2]):
            response, wall, cpu = _timed(client.post, f"{base}/questions",
                                             json={"text": question(rng, QUESTIONS + n)})
            asks.append((wall, cpu))
            assert response.status_code == 201, response.get_data(as_text=True)
        _figures(f"ask with {QUESTIONS}+ questions, one after another (answer to the phone)", asks)
        if similar:
            from townhall.services import similar_questions

            rebuild, similar_questions.REBUILD_SECONDS = similar_questions.REBUILD_SECONDS, 0.0
            asks = []
            for n, client in enumerate(clients[PHONES // 2:]):
                response, wall, cpu = _timed(client.post, f"{base}/questions",
                                                 json={"text": question(rng, 2 * QUESTIONS + n)})
                asks.append((wall, cpu))
                assert response.status_code == 201, response.get_data(as_text=True)
            similar_questions.REBUILD_SECONDS = rebuild
            _figures("ask, each rebuilding the moderators' index (as after a quiet REBUILD_SECONDS)", asks)
            _index_figures(app, event_id)

        if similar:
            lookups = []
            for n in range(LOOKUPS):
                client = clients[n % len(clients)]
                response, wall, cpu = _timed(client.get, f"{base}/similar",
                                                 query_string={"text": question(rng, n)[:-6]})
                lookups.append((wall, cpu))
                assert response.status_code == 200, response.get_data(as_text=True)
            _figures("phone look-up GET /similar", lookups)

        moderator = app.test_client()
        snapshots = []
        for _ in range(5):
            response, wall, cpu = _timed(moderator.get, f"{base}/snapshot?view=moderator",
                                             headers={"Authorization": f"Bearer {secret}"})
            snapshots.append((wall, cpu))
            assert response.status_code == 200, response.get_data(as_text=True)
        _figures("moderators' snapshot", snapshots)
