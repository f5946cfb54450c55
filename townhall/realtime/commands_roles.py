"""Socket.IO commands for roles: the same services as the HTTP API, with acks."""
