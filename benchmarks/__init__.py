"""Benchmarks that print figures (python -m benchmarks); no timed assertions anywhere."""
