"""The public registry: search, verify, signed attestations, status lists, bulk import and export."""
