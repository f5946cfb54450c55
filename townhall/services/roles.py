"""Co-organizers: roles on an event, invitations by link or by account, revocation."""
