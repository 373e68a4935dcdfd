"""Formats of places: OCHA COD-AB boundaries (GeoJSON) and Geo-PKO deployment locations (CSV), as sites.

Both are all-or-nothing: every problem is named (file, feature or row, field) and nothing is stored unless
the whole file is good. Re-importing the same file updates what is there and adds nothing twice. A file over
its size limit (MUSTER_BOUNDARIES_MAX_BYTES for boundaries, MUSTER_UPLOAD_MAX_BYTES for Geo-PKO) is refused
before it is read.

Every record is written through the one store (core.store.record_store), as the system (user None): these are
reference data loaded by a command or the demo, not a user's write, and the change log names what ran them by
the command's change_context ("muster import-boundaries"). A record its model refuses is named like any other
problem of the file.
"""

import csv
import datetime
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from muster.core.store import record_store
from muster.core.uploads import UploadRefused, size_checked
from muster.missions.models import Mission
from muster.sources.models import Source
from muster.sources.services import record_store_cited

from .geometry import bounds, display_geometry
from .models import AdminArea, Site


class ImportFailed(Exception):
    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = messages


def _level_of(features, path):
    """1 or 2: the deepest ADMn_PCODE the features carry (COD-AB names its properties ADM1_*, ADM2_*)."""
    keys = set(features[0].get("properties", {})) if features else set()
    levels = [int(m.group(1)) for k in keys if (m := re.fullmatch(r"ADM(\d)_PCODE", k))]
    if not levels or max(levels) not in (1, 2):
        raise ImportFailed([_("%(file)s: no ADM1_PCODE or ADM2_PCODE property; is this a COD-AB file?")
                            % {"file": path.name}])
    return max(levels)


def _reasons(error):
    """A model's refusal as "field: reason" phrases, for a problem naming its feature or row."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


def _valid_on(properties):
    text = (properties.get("validOn") or "")[:10]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


@transaction.atomic
def boundaries_import(*, paths):
    """Load COD-AB GeoJSON files (departments before communes, whatever the order given).

    Returns {"created": n, "updated": n} by level. Each area keeps its published geometry (to place points)
    and a simplified one (to draw).
    """
    files = []
    problems = []
    for path in map(Path, paths):
        try:
            size_checked(path.stat().st_size, limit=settings.MUSTER_BOUNDARIES_MAX_BYTES)
        except UploadRefused as refused:
            problems.append(f"{path.name}: {refused.message}")
            continue
        except OSError:
            pass  # said below, with the other reasons a file cannot be read
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            features = data["features"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            problems.append(_("%(file)s: not a GeoJSON feature collection (%(error)s).")
                            % {"file": path.name, "error": error})
            continue
        try:
            files.append((_level_of(features, path), path, features))
        except ImportFailed as error:
            problems += error.messages
    if problems:
        raise ImportFailed(problems)
    counts = {"created": 0, "updated": 0}
    for level, path, features in sorted(files, key=lambda f: f[0]):
        parents = {a.pcode: a for a in AdminArea.objects.filter(level=level - 1)} if level > 1 else {}
        for number, feature in enumerate(features, start=1):
            props, geometry = feature.get("properties") or {}, feature.get("geometry")
            pcode = props.get(f"ADM{level}_PCODE")
            where = _("%(file)s, feature %(n)s") % {"file": path.name, "n": number}
            if not pcode:
                problems.append(_("%(where)s: ADM%(level)s_PCODE is empty.") % {"where": where, "level": level})
                continue
            if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
                problems.append(_("%(where)s (%(pcode)s): geometry is not a polygon.")
                                % {"where": where, "pcode": pcode})
                continue
            parent = None
            if level > 1:
                parent = parents.get(props.get(f"ADM{level - 1}_PCODE"))
                if parent is None:
                    problems.append(_("%(where)s (%(pcode)s): its department %(parent)s is not loaded; import the "
                                      "ADM1 file too.") % {"where": where, "pcode": pcode,
                                                             "parent": props.get(f"ADM{level - 1}_PCODE")})
                    continue
            min_lon, min_lat, max_lon, max_lat = bounds(geometry)
            area = AdminArea.objects.filter(pcode=pcode).first() or AdminArea(pcode=pcode)
            created = area.pk is None
            area.level, area.parent = level, parent
            area.name_en = props.get(f"ADM{level}_EN") or props.get(f"ADM{level}_FR") or pcode
            area.name_fr, area.name_ht = props.get(f"ADM{level}_FR") or "", props.get(f"ADM{level}_HT") or ""
            area.valid_on, area.source_name = _valid_on(props), path.name
            area.min_lon, area.min_lat, area.max_lon, area.max_lat = min_lon, min_lat, max_lon, max_lat
            area.geometry, area.display_geometry = geometry, display_geometry(geometry)
            try:
                record_store(user=None, record=area)
            except ValidationError as error:
                problems.append(f"{where} ({pcode}): {_reasons(error)}")
                continue
            counts["created" if created else "updated"] += 1
    if problems:
        raise ImportFailed(problems)
    return counts


# The UN missions in Haiti the Geo-PKO extracts cover, for creating them when they are not yet recorded.
UN_MISSIONS = {
    "MINUSTAH": ("United Nations Stabilization Mission in Haiti", datetime.date(2004, 6, 1),
                 datetime.date(2017, 10, 15)),
    "MINUJUSTH": ("United Nations Mission for Justice Support in Haiti", datetime.date(2017, 10, 16),
                  datetime.date(2019, 10, 15)),
}
UNITS = {"Infantry": "infantry", "Reserve": "reserve", "hq": "headquarters", "UNPOL": "UN police",
         "Med": "medical", "Av": "aviation", "UNMO": "military observers"}
GEOPKO_CITATION = ("Cil, Fjelde, Hultman & Nilsson (2020), Geo-PKO v2.3, Uppsala University; "
                   "licence GPL-2.0")


@transaction.atomic
def geopko_import(*, path):
    """Geo-PKO FrontMap rows as deployment sites of their UN missions: one site per mission and location.

    A site opens on 1 January of its first year in the table and closes on 31 December of its last; its notes
    list the units each year. Returns {"sites": n, "missions": [codes]}.
    """
    path = Path(path)
    try:
        size_checked(path.stat().st_size)
    except UploadRefused as refused:
        raise ImportFailed([f"{path.name}: {refused.message}"]) from None
    problems = []
    by_place = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"mission", "year", "location", "latitude", "longitude"} - set(reader.fieldnames or [])
        if missing:
            raise ImportFailed([_("%(file)s: missing columns %(cols)s; is this a Geo-PKO FrontMap table?")
                                % {"file": path.name, "cols": ", ".join(sorted(missing))}])
        for number, row in enumerate(reader, start=2):
            try:
                year = int(row["year"])
                lat, lon = float(row["latitude"]), float(row["longitude"])
            except ValueError:
                problems.append(_("Row %(n)s: year, latitude and longitude must be numbers.") % {"n": number})
                continue
            if row["mission"] not in UN_MISSIONS and not Mission.objects.filter(code=row["mission"]).exists():
                problems.append(_("Row %(n)s, field mission: %(code)s is not a recorded mission.")
                                % {"n": number, "code": row["mission"]})
                continue
            by_place[(row["mission"], row["location"])].append((year, lat, lon, row))
    if problems:
        raise ImportFailed(problems)
    title = f"Geo-PKO v2.3: {path.name}"
    source = Source.objects.filter(kind=Source.Kind.DATASET, title=title).first() or record_store(
        user=None, record=Source(kind=Source.Kind.DATASET, title=title,
                                 publisher="Uppsala University, Department of Peace and Conflict Research",
                                 published_on=datetime.date(2020, 1, 1), address="https://www.pcr.uu.se/data/geo-pko/",
                                 reliability=Source.Reliability.B))
    missions = {}
    for (code, location), rows in sorted(by_place.items()):
        if code not in missions:
            name, start, end = UN_MISSIONS.get(code, (code, None, None))
            missions[code] = Mission.objects.filter(code=code).first() or record_store(
                user=None, record=Mission(code=code, name=name, start=start, end=end))
        rows.sort(key=lambda r: r[0])
        years = [r[0] for r in rows]
        lat, lon = rows[-1][1], rows[-1][2]
        notes = "; ".join(f"{year}: " + (", ".join(label for col, label in UNITS.items() if row.get(col) == "1")
                                          or "no unit listed") for year, _lat, _lon, row in rows)
        kind = Site.Kind.HEADQUARTERS if any(r[3].get("hq") == "1" for r in rows) else Site.Kind.DEPLOYMENT
        site = Site.objects.filter(mission=missions[code], name=location).first() or Site(
            mission=missions[code], name=location)
        site.kind, site.latitude, site.longitude = kind, Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")
        site.opened, site.closed = datetime.date(min(years), 1, 1), datetime.date(max(years), 12, 31)
        site.notes = f"Geo-PKO v2.3 ({GEOPKO_CITATION}). {notes}"[:5000]
        # A published point is kept as given: placed in its commune, or flagged as outside, never refused.
        site.outside_boundaries = True
        quote = f"{code}, {location}, {min(years)}–{max(years)}"
        cited = site.pk is not None and site.citations.filter(source=source).exists()
        try:
            record_store_cited(user=None, record=site, source=None if cited else source, quote=quote)
        except ValidationError as error:
            problems.append(_("Mission %(code)s, location %(location)s: %(reasons)s")
                            % {"code": code, "location": location, "reasons": _reasons(error)})
    if problems:
        raise ImportFailed(problems)
    return {"sites": len(by_place), "missions": sorted(missions)}


def sites_place():
    """Place every recorded site again in the boundaries now loaded (after `boundaries_import`): its department
    and commune from its point; a point in no commune is kept, flagged outside the boundaries. Stored through the
    one store, as the system. Returns (placed in a commune, outside)."""
    placed = outside = 0
    for site in Site.objects.select_related("mission"):
        site.outside_boundaries = True  # re-placed by clean(); a point in no commune stays flagged, never refused
        record_store(user=None, record=site)
        placed, outside = placed + (site.adm2_id is not None), outside + (site.adm2_id is None)
    return placed, outside
