"""What reading a statement gives: the proposals, each with the span of words it comes from, and the language."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Character offsets in the statement's text: text[start:end] are the exact words."""

    start: int
    end: int


@dataclass
class Proposal:
    kind: str  # "movement" | "claim" | "funding" | "participation" | "incident"
    fields: dict  # JSON-serializable: dates "YYYY-MM-DD", amounts decimal strings
    span: Span
    hedged: bool = False  # "about 400", "some 200", "up to", a range "8 to 10"
    note: str = ""  # for the reviewer


@dataclass
class Reading:
    language: str  # "en" | "fr" | "es" | "ht"
    language_detected: bool
    proposals: list[Proposal] = field(default_factory=list)
