"""Business operations of the certification app: each a transaction with its audit-log entry."""


class CertificationError(ValueError):
    """Bad input or a refused step; the message names the field, row or rule."""
