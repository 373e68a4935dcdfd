"""Incidents out: in ACLED's columns (CSV that `acled_import` reads back into the same incidents), as HXL-tagged
CSV (a second header row of hashtags, hxlstandard.org) and as GeoJSON (a FeatureCollection of points). Each reads a
queryset the caller restricted to what the reader may see, and the tolls that reader may see, in a fixed number of
queries whatever its size.
"""

import json
from decimal import Decimal

import pycountry
from django.db.models import Prefetch

from muster.core.exports import rows_to_csv
from muster.sources.models import Citation

from ..models import Toll
from .matching import ACLED_PUBLISHER, ACLED_TITLE, CHUNK, muster_event_id
from .parsing import ASSOCIATED_SEPARATOR, CIVILIAN_TARGETING, COLUMNS, MONTHS


def _with_everything(incidents, *, user):
    """`incidents` with what the exports write, in a fixed number of queries: their type, actors, places, mission,
    associated actors, killed tolls (those `user` may see) and citations with their sources."""
    tolls = Toll.objects.all() if user is None else Toll.objects.restrict(user, "view")
    return incidents.select_related("event_type", "actor1", "actor2", "adm1", "adm2", "mission").prefetch_related(
        "associated_actors1", "associated_actors2",
        Prefetch("tolls", queryset=tolls.order_by("pk"), to_attr="visible_tolls"),
        Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("pk"),
                 to_attr="all_citations")).order_by("date", "pk")


def _figures(incident):
    """People killed, wounded, missing and abducted in `incident`, over its groups."""
    totals = dict.fromkeys(Toll.Outcome.values, 0)
    for toll in incident.visible_tolls:
        totals[toll.outcome] += toll.count
    return totals


def _source_text(incident):
    """ACLED's own `source` words for an imported incident; for one of Muster's own, its sources' publishers."""
    acled = [c for c in incident.all_citations if c.source.publisher == ACLED_PUBLISHER
             and c.source.title == ACLED_TITLE]
    if acled:
        return acled[0].quote
    return ASSOCIATED_SEPARATOR.join(dict.fromkeys(c.source.publisher for c in incident.all_citations))


def _country(area):
    """ISO 3166 of the country a P-code lies in (P-codes begin with its alpha-2 code), or None."""
    return pycountry.countries.get(alpha_2=area.pcode[:2]) if area is not None else None


def _area_name(area):
    # ACLED names places as the country does (Ouest, not West): the French name where the boundaries give one.
    return (area.name_fr or area.name_en) if area is not None else ""


def acled_date(day):
    """A date as ACLED's CSV writes it: 23 February 2025."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def acled_rows(*, incidents, user):
    """`incidents` (a queryset, restricted to what `user` may see) as rows of ACLED's COLUMNS, oldest first."""
    for incident in _with_everything(incidents, user=user).iterator(chunk_size=CHUNK):
        country = _country(incident.adm1 or incident.adm2)
        actor2 = incident.actor2
        yield {
            "event_id_cnty": muster_event_id(incident), "event_date": acled_date(incident.date),
            "year": incident.date.year, "time_precision": incident.time_precision,
            "disorder_type": incident.event_type.disorder_type, "event_type": incident.event_type.event_type,
            "sub_event_type": incident.event_type.sub_event_type, "actor1": incident.actor1.name,
            "assoc_actor_1": ASSOCIATED_SEPARATOR.join(sorted(a.name for a in incident.associated_actors1.all())),
            "inter1": incident.actor1.inter, "actor2": actor2.name if actor2 else "",
            "assoc_actor_2": ASSOCIATED_SEPARATOR.join(sorted(a.name for a in incident.associated_actors2.all())),
            "inter2": actor2.inter if actor2 else 0,
            "interaction": incident.interaction,
            "civilian_targeting": CIVILIAN_TARGETING if incident.civilian_targeting else "",
            "iso": int(country.numeric) if country else "", "region": "", "country": country.name if country else "",
            "admin1": _area_name(incident.adm1), "admin2": _area_name(incident.adm2), "admin3": "",
            "location": incident.location, "latitude": incident.latitude, "longitude": incident.longitude,
            "geo_precision": incident.geo_precision, "source": _source_text(incident), "source_scale": "",
            "notes": incident.narrative, "fatalities": _figures(incident)[Toll.Outcome.KILLED], "tags": "",
            "timestamp": int(incident.last_updated.timestamp()), "incident": incident,
        }


def acled_csv(*, incidents, user):
    """`incidents` in ACLED's columns (CSV bytes): the file `acled_rows_read` reads back into the same incidents."""
    return rows_to_csv(COLUMNS, ([row[c] for c in COLUMNS] for row in acled_rows(incidents=incidents, user=user)))


# HXL: the column, its header for people, its hashtag for machines (hxlstandard.org).
HXL_COLUMNS = [
    ("event_id_cnty", "Event id", "#event+id"),
    ("event_date", "Date", "#date+occurred"),
    ("event_type", "Event type", "#event+type"),
    ("sub_event_type", "Sub-event type", "#event+type+sub"),
    ("actor1", "Actor", "#actor+name"),
    ("assoc_actor_1", "Associated actors", "#actor+name+assoc"),
    ("actor2", "Other actor", "#actor+name+other"),
    ("assoc_actor_2", "Actors associated with the other", "#actor+name+other+assoc"),
    ("admin1", "Department", "#adm1+name"),
    ("adm1_code", "Department P-code", "#adm1+code"),
    ("admin2", "Commune", "#adm2+name"),
    ("adm2_code", "Commune P-code", "#adm2+code"),
    ("location", "Location", "#loc+name"),
    ("latitude", "Latitude", "#geo+lat"),
    ("longitude", "Longitude", "#geo+lon"),
    ("killed", "Killed", "#affected+killed"),
    ("wounded", "Wounded", "#affected+injured"),
    ("missing", "Missing", "#affected+missing"),
    ("abducted", "Abducted", "#affected+abducted"),
    ("source", "Sources", "#meta+source"),
    ("classification", "Classification", "#meta+classification"),
    ("notes", "Narrative", "#description"),
]


def hxl_csv(*, incidents, user):
    """`incidents` as HXL-tagged CSV: a header row for people, then one of hashtags, then a row per incident."""
    def rows():
        yield [tag for _c, _h, tag in HXL_COLUMNS]
        for row in acled_rows(incidents=incidents, user=user):
            incident = row["incident"]
            figures = _figures(incident)
            row |= {"event_date": incident.date.isoformat(),
                    "adm1_code": incident.adm1.pcode if incident.adm1 else "",
                    "adm2_code": incident.adm2.pcode if incident.adm2 else "",
                    "admin1": incident.adm1.name_en if incident.adm1 else "",
                    "admin2": incident.adm2.name_en if incident.adm2 else "",
                    "killed": figures["killed"], "wounded": figures["wounded"], "missing": figures["missing"],
                    "abducted": figures["abducted"], "classification": incident.classification}
            yield [row[c] for c, _h, _t in HXL_COLUMNS]

    return rows_to_csv([header for _c, header, _t in HXL_COLUMNS], rows())


def geojson(*, incidents, user):
    """`incidents` as a GeoJSON FeatureCollection (bytes): a point per incident where it has one (null geometry
    otherwise, as GeoJSON allows), its ACLED columns and Muster's figures as properties."""
    features = []
    for row in acled_rows(incidents=incidents, user=user):
        incident = row.pop("incident")
        figures = _figures(incident)
        point = None if incident.latitude is None else {
            "type": "Point", "coordinates": [float(incident.longitude), float(incident.latitude)]}
        properties = {name: (float(value) if isinstance(value, Decimal) else value) for name, value in row.items()
                      if name not in ("latitude", "longitude")}
        properties |= {"event_date": incident.date.isoformat(), "title": incident.title,
                       "adm1_pcode": incident.adm1.pcode if incident.adm1 else None,
                       "adm2_pcode": incident.adm2.pcode if incident.adm2 else None,
                       "wounded": figures["wounded"], "missing": figures["missing"],
                       "abducted": figures["abducted"], "classification": incident.classification,
                       "url": incident.get_absolute_url()}
        features.append({"type": "Feature", "id": row["event_id_cnty"], "geometry": point, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()
