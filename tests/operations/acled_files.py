"""ACLED files for tests, written here in ACLED's format: its data may not be redistributed, so no real event is used.
Every event is invented (ids TST…), at the points tests/operations/helpers.py names."""

import csv
import io

from muster.operations.acled import acled_import
from muster.operations.acled.parsing import COLUMNS, acled_rows_read

from . import helpers

POINT_SAINT_MARC = ("19.15000", "-72.62000")  # Pont-Sondé, in Saint-Marc's commune (Artibonite)


def event(number=1, **cells):
    """One invented event as ACLED's CSV writes it: an armed clash between Viv Ansanm and the HNP in Kenscoff."""
    row = {
        "event_id_cnty": f"TST{number:04}", "event_date": "18 March 2025", "year": "2025", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": helpers.VIV_ANSANM, "assoc_actor_1": "", "inter1": "3", "actor2": helpers.HNP,
        "assoc_actor_2": "", "inter2": "1", "interaction": "13", "civilian_targeting": "", "iso": "332",
        "region": "Caribbean", "country": "Haiti", "admin1": "Ouest", "admin2": "Port-au-Prince",
        "admin3": "Kenscoff", "location": "Kenscoff", "latitude": helpers.POINT_KENSCOFF[0],
        "longitude": helpers.POINT_KENSCOFF[1], "geo_precision": "1", "source": "Invented Daily",
        "source_scale": "National", "notes": f"Invented event {number} for a test.", "fatalities": "0",
        "tags": "", "timestamp": "1742300000"}
    unknown = set(cells) - set(row)
    assert not unknown, unknown
    return row | cells


def acled_csv(*events, columns=COLUMNS):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(events)
    return buffer.getvalue().encode()


def imported(*events, user=None, mission=None, commit=True, filename="acled.csv", **options):
    """`events` imported into `mission` (the MSS unless given) as `user` (the system unless given)."""
    rows = acled_rows_read(content=acled_csv(*events), filename=filename)
    return acled_import(user=user, mission=mission or helpers.mission(), acled=rows, commit=commit,
                        filename=filename, **options)
