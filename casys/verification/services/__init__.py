"""Operations of the verification app: each change is atomic and written to the audit log."""


class VerificationInputError(ValueError):
    """Bad input for a verification operation; the message starts with the field or row at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
