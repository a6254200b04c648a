"""Start Django for CLI commands that need the database.

The function lives in :mod:`casys.project.django_setup`, with the settings it names, so that the
benchmarks (``casys.bench``, below the commands) can start Django the same way.
"""

from casys.project.django_setup import setup

__all__ = ["setup"]
