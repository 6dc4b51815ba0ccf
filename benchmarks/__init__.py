"""Benchmarks: scripts that measure and print figures (no assertions on time)."""
