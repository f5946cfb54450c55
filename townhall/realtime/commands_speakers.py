"""Socket.IO commands for speakers: the same services as the HTTP API, with acks."""
