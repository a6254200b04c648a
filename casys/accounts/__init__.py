"""Accounts and bodies: users, organisations (bodies), memberships with roles, API tokens, tenant scoping."""
