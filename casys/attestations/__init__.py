"""The attestations layer: issuer identity, keys, issuing and signing every kind of attestation,
its status events and status lists, and their publication (JWKS, DID documents, status lists).

Below the assessment apps (certification, laboratory, proficiency, accreditation ...), above
``accounts`` and ``core``: every area issues through it; it imports none of them.
"""
