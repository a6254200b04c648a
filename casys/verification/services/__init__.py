"""Operations of the verification app: each change is atomic and written to the audit log."""


class VerificationInputError(ValueError):
    """Bad input for a verification operation; the message starts with the field or row at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class StatementRefused(VerificationInputError):
    """An imported GHG statement refused: ``errors`` names every cell at fault (row and column, and the
    sheet of a workbook), one sentence each; nothing was saved."""

    def __init__(self, field: str, errors: list[str]) -> None:
        super().__init__(field, "; ".join(errors))
        self.errors = errors
