"""Blueprints: public (join, attendee, projector), auth, moderator, api."""
