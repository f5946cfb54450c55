"""Benchmarks: `make bench`. They print figures; tests never assert timings."""
