"""Services of the attestations layer: keys, issuing, status events and status lists."""
