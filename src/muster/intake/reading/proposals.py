"""Statements become proposals: movements, claims, funding, participation and incidents, each with its words.

`statement_read` is the entry point: it checks the text, finds its language when not given (py3langid, among the
four Muster reads) and has `reader.StatementReader` read it sentence by sentence. A denial ("has not paused")
proposes nothing, and a movement still to come ("will arrive") is not a movement: a reviewer records it when it
happens. Nothing here touches the database.
"""

import datetime
import functools

import py3langid
from django.utils.translation import gettext as _

from .files import StatementError, statement_check
from .reader import HOST_COUNTRY, StatementReader
from .records import Proposal, Reading, Span
from .vocabulary import LANGUAGES

__all__ = ["Proposal", "Reading", "Span", "StatementError", "language_detect", "statement_read"]


def statement_read(text: str, *, published: datetime.date, language: str | None = None,
                   host: str = HOST_COUNTRY) -> Reading:
    """The records a statement proposes. `published` resolves "yesterday" and "on Saturday" and is the date of
    what the statement reports without a date; `language` is detected among English, French, Spanish and Haitian
    Creole when not given; `host` is the ISO 3166 code of the country the mission serves in."""
    statement_check(text)
    if language is None:
        language, detected = language_detect(text), True
    elif language in LANGUAGES:
        detected = False
    else:
        raise StatementError(_("The language “%(language)s” is not one Muster reads: give en, fr, es or ht.")
                             % {"language": language})
    reader = StatementReader(text, published=published, language=language, host=host)
    return Reading(language=language, language_detected=detected, proposals=reader.read())


@functools.cache
def _language_identifier():
    # py3langid keeps one identifier per process; Muster asks it only about the languages it reads.
    py3langid.set_languages(list(LANGUAGES))
    return py3langid


def language_detect(text):
    """The statement's language among en, fr, es and ht (its first 5,000 characters say it)."""
    language, _confidence = _language_identifier().classify(text[:5000])
    return language
