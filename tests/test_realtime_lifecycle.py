"""What a restart waits for (realtime/lifecycle.py): HTTP requests and socket commands in progress,
counted exactly, however many socket events came and went."""
from townhall.realtime import handlers, lifecycle


def test_socket_events_leave_the_count_of_work_in_progress_at_zero(client, event, join, connect):
    phone, _ = join(event)
    socket = connect(phone, event)
    for i in range(5):
        assert socket.emit("question:ask", {"text": f"Question number {i}?"})["ok"]
    assert client.get(f"/api/events/{event}/snapshot").status_code == 200
    assert lifecycle.in_progress() == 0


def test_a_socket_command_is_work_in_progress_while_it_runs(event, join, connect, monkeypatch):
    seen = []
    real = handlers.questions.ask

    def ask(**kwargs):
        seen.append(lifecycle.in_progress())
        return real(**kwargs)

    monkeypatch.setattr(handlers.questions, "ask", ask)
    socket = connect(join(event)[0], event)
    assert socket.emit("question:ask", {"text": "Is this counted while it runs?"})["ok"]
    assert seen == [1] and lifecycle.in_progress() == 0
