"""Which rooms each socket is in, so that a socket leaves in time proportional to its own rooms.

python-socketio finds a leaving socket's rooms by testing every room of the namespace, and every
socket has a room of its own (its sid) and each phone its author room: at 10,000 phones that is
20,000 membership tests, 20-30 ms of one core per disconnect. Profiled under churn (10 phones a
second leaving a room of 10,000), that scan took 55 % of the server's CPU; a hall emptying at the
end of a meeting would have held the loop for minutes. This mixin keeps the inverse index beside
python-socketio's own rooms and answers a socket's rooms from it.
"""


class RoomIndex:
    """Mixin for a python-socketio client manager (before it in the bases)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._rooms_of: dict[tuple, set] = {}  # (namespace, sid) -> the rooms it is in, None included

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self._rooms_of.setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        rooms = self._rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self._rooms_of[(namespace, sid)]

    def basic_disconnect(self, sid, namespace, **kwargs):
        """The base class's disconnect (python-socketio 5.18, base_manager.basic_disconnect), leaving
        only the socket's own rooms; tests/test_room_index.py compares the two on random histories."""
        if namespace not in self.rooms:
            return
        for room in list(self._rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            if sid in pending.get(namespace, ()):
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]

    def get_rooms(self, sid, namespace):
        return [room for room in self._rooms_of.get((namespace, sid), ()) if room is not None]
