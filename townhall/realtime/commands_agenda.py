"""Socket.IO commands for agenda: the same services as the HTTP API, with acks."""
