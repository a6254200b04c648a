"""Business operations of the certification app: each a transaction with its audit-log entry."""

from casys.core import untrusted_text


class CertificationError(ValueError):
    """Bad input or a refused step; the message names the field, row or rule."""


def checked(field: str, value: str, max_length: int | None = None, *, multiline: bool = False) -> str:
    """``value`` stripped, or CertificationError naming ``field`` when it holds a direction control,
    a control character or too many characters (issue 12, finding 10; :mod:`casys.core.untrusted_text`)."""
    value = value.strip()
    wrong = untrusted_text.problem(value, max_length=max_length, multiline=multiline)
    if wrong is not None:
        raise CertificationError(f"{field}: {wrong}")
    return value
