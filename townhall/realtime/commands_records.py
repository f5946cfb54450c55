"""Socket.IO commands for records: the same services as the HTTP API, with acks."""
