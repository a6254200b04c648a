"""CLI command groups; each module exposes ``register(app)`` and is wired in ``casys.cli``."""
