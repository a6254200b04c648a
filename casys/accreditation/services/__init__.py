"""Operations on accreditations and signatory statuses; each logs in the same transaction."""
