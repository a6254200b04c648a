"""Models of the documents app."""

from casys.documents.models.template import DocumentTemplate

__all__ = ["DocumentTemplate"]
