"""The audit log: append-only, hash-chained, written in the same transaction as the change."""
