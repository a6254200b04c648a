"""Benchmarks run by ``casys bench ...``; kept out of ``casys.core`` (they read the clock and the machine)."""
