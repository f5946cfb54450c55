"""Socket.IO: broadcast.py is the only module that emits; handlers.py answers sockets."""
