"""A synthetic nominal roll for the demo: Guatemala's military police in the MSS, then the GSF.

SYNTHETIC SAMPLE DATA, NOT REAL PEOPLE. The public record gives Guatemala's contingent as numbers only (75 on
3 January 2025, 75 on 4 January, 150 "including 19 women"); the officers here are invented to match those
numbers, named "Sample Officer 001" to "Sample Officer 150" with service numbers SAMPLE-001…, so that the
PERSTAT of the demo has a roll to show beside the movements. Their Source says so. They go in through the
same service as an uploaded roll (`roll_import`), so the demo's change log shows a roll import like any other.
"""

import datetime

from django.utils.translation import gettext as _

from muster.core.store import record_store
from muster.force.imports import RollFile
from muster.force.models import Contingent, DutyStatus, Tour
from muster.force.services import duty_status_set, roll_import
from muster.sources.models import Source
from muster.sources.services import citation_attach

ARRIVALS = [(datetime.date(2025, 1, 3), 75), (datetime.date(2025, 1, 4), 75)]  # as the movements record them
WOMEN = 19  # "Guatemala's contingent totals 150 including 19 women"
RANKS = [("Lieutenant", "OF-1"), ("Sergeant", "OR-6"), ("Corporal", "OR-4"), ("Private", "OR-2"),
         ("Private", "OR-2"), ("Private", "OR-1")]
REHAT = datetime.date(2025, 10, 2)  # the MSS ends; its contingents continue in the GSF
# A few statuses, so the PERSTAT has absences to show: (officer number, since, status, reason).
STATUSES = [
    (12, datetime.date(2025, 2, 1), DutyStatus.Status.LEAVE, "Synthetic sample: home leave"),
    (12, datetime.date(2025, 2, 15), DutyStatus.Status.PRESENT, "Synthetic sample: back from leave"),
    (40, datetime.date(2025, 2, 5), DutyStatus.Status.HOSPITALIZED, "Synthetic sample: dengue"),
    (41, datetime.date(2025, 2, 6), DutyStatus.Status.LEAVE, "Synthetic sample: compassionate leave"),
    (41, datetime.date(2025, 2, 20), DutyStatus.Status.PRESENT, "Synthetic sample: back from leave"),
]


def roll_demo_load(*, missions):
    """Guatemala's synthetic roll in the MSS (departing on the re-hat) and in the GSF (arriving on it)."""
    mss = Contingent.objects.get(mission=missions["MSS"], country_id="GTM")
    source = record_store(user=None, record=Source(
        kind=Source.Kind.INTERNAL_REPORT, publisher="Muster demo", reliability="F", credibility="6",
        title=_("Synthetic sample nominal roll — not real people"),
        text=_("Invented officers (Sample Officer 001–150) matching the public record's figures for Guatemala's "
               "contingent: 75 arrived on 3 January 2025, 75 on 4 January, 19 of the 150 women. Demo data only."),
    ))
    citation_attach(record=mss, source=source, quote=_("Nominal roll: synthetic sample data"))
    roll = _roll(mss_departure=True)
    result = roll_import(user=None, contingent=mss, roll=roll, filename="synthetic_sample_roll_GTM_MSS.csv")
    assert result.committed, result.errors  # the demo's own data: a refusal is a bug here
    gsf = Contingent.objects.filter(mission=missions["GSF"], country_id="GTM").first()
    if gsf is not None:
        citation_attach(record=gsf, source=source, quote=_("Nominal roll: synthetic sample data"))
        result = roll_import(user=None, contingent=gsf, roll=_roll(mss_departure=False),
                             filename="synthetic_sample_roll_GTM_GSF.csv")
        assert result.committed, result.errors
    tours = {t.person.service_number: t for t in Tour.objects.filter(contingent=mss).select_related("person")}
    for number, since, status, reason in STATUSES:
        duty_status_set(user=None, tours=[tours[_service_number(number)]], since=since, status=status,
                        reason=reason)


def _service_number(number):
    return f"SAMPLE-{number:03d}"


def _roll(*, mss_departure):
    labels = {"service_number": "Service number", "family_name": "Family name", "given_names": "Given names",
              "rank": "Rank", "grade": "NATO grade", "sex": "Sex", "specialty": "Specialty",
              "languages": "Languages", "arrival": "Arrival", "departure": "Departure",
              "departure_reason": "Departure reason"}
    rows, number = [], 0
    for arrival, count in ARRIVALS:
        for _i in range(count):
            number += 1
            rank, grade = RANKS[number % len(RANKS)]
            cells = {"service_number": _service_number(number), "family_name": f"Sample Officer {number:03d}",
                     "given_names": "Synthetic", "rank": rank, "grade": grade,
                     # every seventh officer a woman, 19 in all, as the record's total says
                     "sex": "F" if number % 7 == 0 and number // 7 <= WOMEN else "M",
                     "specialty": "Military police", "languages": "es"}
            if mss_departure:
                cells |= {"arrival": arrival, "departure": REHAT, "departure_reason": "transfer"}
            else:
                cells |= {"arrival": REHAT, "departure": None, "departure_reason": None}
            rows.append((number + 1, cells))
    return RollFile(headers=labels, rows=rows)
