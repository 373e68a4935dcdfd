"""A statement read: its language and the records it proposes, each with the span of text it comes from.

Pure functions of the text, the publication date and the language: nothing here reads or writes the database."""

from .files import StatementError, statement_text
from .proposals import Proposal, Reading, Span, statement_read

__all__ = ["Proposal", "Reading", "Span", "StatementError", "statement_read", "statement_text"]
