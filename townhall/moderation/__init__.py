"""Moderation rules that need no database: the blocklist matcher and the public summary of moderation."""
