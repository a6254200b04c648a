"""Operations of the proficiency app; each change is atomic and written to the audit log."""


class ProficiencyError(ValueError):
    """A refused operation; the message names the field or row."""
