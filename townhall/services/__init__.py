"""Use cases: one function each, keyword-only primitives, one transaction."""
