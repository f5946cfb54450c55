"""Socket commands leave next to nothing for the garbage collector.

Objects caught in reference cycles outlive their command until a collection finds them, and at
1,000 votes a second those collections are what held the server's loop (200 ms pauses). A vote used
to leave some 60 such objects behind (each event's request context kept a routing NotFound with its
traceback: frames, cells, the context itself); now only werkzeug's own matcher closure remains."""
import gc

import pytest
from conftest import finish_background_tasks

MOST_PER_COMMAND = 10  # measured: 8, werkzeug's matcher closure (5 cells, a set, a tuple, the function)
MOST_PER_FLUSH = 50  # measured: 10 for the two flushes


@pytest.fixture
def collector_off():
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    yield
    gc.set_debug(0)
    gc.garbage.clear()
    gc.enable()


def forget_garbage():
    """Free what the collector kept (emptying gc.garbage alone leaves its cycles for the next count)."""
    gc.set_debug(0)
    gc.garbage.clear()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)


# Phones open their socket as a WebSocket (the handshake's `Upgrade: websocket` stays in the
# environ every event's request context is built from); the test client's default is plain HTTP.
WEBSOCKET = {"Upgrade": "websocket", "Connection": "Upgrade"}


@pytest.mark.parametrize("headers", [None, WEBSOCKET], ids=["http", "websocket"])
def test_a_vote_leaves_few_objects_in_reference_cycles(event, join, connect, make_question, collector_off, headers,
                                                       held_flushes, background_tasks):
    """The tally flushes are held until the votes are counted: how many run during 200 votes depends on how
    fast the machine is (one per window, not one per vote), and what they leave is counted apart below."""
    questions = [make_question(event, f"Question {i}?") for i in range(20)]
    phones = [connect(join(event)[0], event, headers=headers) for _ in range(10)]
    forget_garbage()
    acks = [phone.emit("question:vote", {"question_id": q}) for phone in phones for q in questions]
    assert all(ack["ok"] for ack in acks)
    left = gc.collect()
    kinds = {type(o).__name__ for o in gc.garbage}
    assert left / len(acks) < MOST_PER_COMMAND, f"{left / len(acks):.0f} objects in cycles per vote"
    assert not kinds & {"traceback", "RequestContext", "NotFound", "WebsocketMismatch"}

    forget_garbage()
    held_flushes.set()  # the room's and the moderators' flush of those 200 votes, once each
    finish_background_tasks(background_tasks)
    left = gc.collect()
    kinds = {type(o).__name__ for o in gc.garbage}
    assert left < MOST_PER_FLUSH, f"{left} objects in cycles for the two tally flushes"
    assert not kinds & {"traceback", "RequestContext", "NotFound"}



@pytest.mark.parametrize("headers", [None, WEBSOCKET], ids=["http", "websocket"])
def test_a_phone_that_comes_and_goes_leaves_no_request_or_traceback_in_cycles(event, join, connect, collector_off,
                                                                              headers):
    """What a connect and a disconnect leave in cycles stays young and small: no request context, no
    traceback holding the frames (and with them the connection) of the phone that left. Under
    churn the server would otherwise need full collections (a second at 10,000 phones) to free
    them. (The test client adds a request of its own per phone, so kinds are checked, not counts.)"""
    clients = [join(event)[0] for _ in range(20)]
    forget_garbage()
    for client in clients:
        phone = connect(client, event, headers=headers)
        assert phone.connected
        phone.client.disconnect()
    gc.collect()
    kinds = {f"{type(o).__module__}.{type(o).__name__}" for o in gc.garbage}
    assert not kinds & {"builtins.traceback", "builtins.frame", "flask.ctx.RequestContext", "flask.wrappers.Request",
                        "werkzeug.exceptions.NotFound", "werkzeug.routing.exceptions.WebsocketMismatch"}
