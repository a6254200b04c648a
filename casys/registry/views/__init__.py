"""Public pages of the registry: search, verification, exports and the static files verifiers fetch."""
