"""Statements read as the reading engine reads them, built by hand: the tests of review, matching and acceptance
hold to figures chosen here, whatever the engine finds (its own tests are in tests/intake/reading/)."""

import datetime

from muster.intake.reading import Proposal as Found
from muster.intake.reading import Reading, Span
from muster.missions.models import Mission

# The minister's post of 6 February 2025 (written for the tests, after the kind of words the MSS public record cites).
KENYA_TEXT = (
    "Nairobi, 6 February 2025.\n\n"
    "This morning I saw off an additional 144 police officers comprising 120 men and 24 women to bolster the 600 "
    "officers deployed earlier, bringing the total Kenyan deployment to 744.\n\n"
    "The United States approved waivers for $40.7 million in foreign assistance, including vehicle maintenance."
)
PUBLISHED = datetime.date(2025, 2, 6)


def span_of(text, words):
    start = text.index(words)
    return Span(start, start + len(words))


def kenya_reading(text=KENYA_TEXT):
    """What the post proposes: the arrival (already in the demo), Kenya's total (744 against 761 computed), the
    earlier 600, and the US waiver."""
    return Reading(language="en", language_detected=True, proposals=[
        Found(kind="movement", fields={"country": "KEN", "category": "", "kind": "arrival", "count": 144, "men": 120,
                                       "women": 24, "date": "2025-02-06"},
              span=span_of(text, "an additional 144 police officers comprising 120 men and 24 women")),
        Found(kind="claim", fields={"country": "KEN", "category": "", "metric": "strength", "value": 744,
                                    "as_of": "2025-02-06"},
              span=span_of(text, "bringing the total Kenyan deployment to 744")),
        Found(kind="funding", fields={"donor": "USA", "type": "released", "amount": "40700000", "currency": "USD",
                                      "date": "2025-02-06", "purposes": ["vehicle_maintenance"]},
              span=span_of(text, "waivers for $40.7 million")),
    ])


def arrival_reading(*, country, count, date, text=None, men=None, women=None, category=""):
    text = text or f"{count} officers arrived on {date}."
    return text, Reading(language="en", language_detected=False, proposals=[
        Found(kind="movement", fields={"country": country, "category": category, "kind": "arrival", "count": count,
                                       "men": men, "women": women, "date": date},
              span=Span(0, len(text)))])


def mss():
    return Mission.objects.get(code="MSS")
