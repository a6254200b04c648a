"""Pages of the accounts app: dashboard, body workspace, API tokens, audit log."""
