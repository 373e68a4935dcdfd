"""ACLED's rows against what a mission holds, as the records to create, change or remove (AcledChanges).

A row's incident is matched by `event_id_cnty` within the mission (one of Muster's own by the id its export gives
it, e.g. MSS-12); its event type by (event type, sub-event type); its actors by name, created with their inter code
when new; its point placed by the model (Incident.place) and checked against the department and commune the file
names; its fatalities as a toll of people killed whose group is not known, beside the incident's other killed
tolls; ACLED cited with the row's `source` as the quote. Every record is checked as its model checks it
(`full_clean()`) without a query per row: what is stored is read a few queries per CHUNK rows. Nothing is written
here; `writing.acled_changes_write` stores what this returns, and `acled_import` runs both in one transaction.
"""

import copy
import datetime
import difflib
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from muster.core.changelog import serialize
from muster.core.permissions import permission_filter
from muster.force.imports import RowError, normalize
from muster.places.models import AdminArea
from muster.sources.models import Citation, Source

from ..models import Actor, Casualty, Classification, EventType, Incident, Toll
from .parsing import acled_row_parse, parse_names

# The one source every imported incident cites; the row's own `source` (the newspapers ACLED read) is the quote.
ACLED_PUBLISHER = "ACLED (Armed Conflict Location & Event Data)"
ACLED_TITLE = "ACLED event data"
ACLED_ADDRESS = "https://acleddata.com/"
# The model's fields as ACLED's columns, for its refusals.
FIELD_COLUMNS = {"acled_id": "event_id_cnty", "date": "event_date", "time_precision": "time_precision",
                 "event_type": "event_type", "location": "location", "latitude": "latitude",
                 "longitude": "longitude", "geo_precision": "geo_precision", "actor1": "actor1",
                 "actor2": "actor2", "narrative": "notes", "adm1": "admin1", "adm2": "admin2", "title": "actor1",
                 "count": "fatalities", "as_reported": "fatalities", "name": "actor1", "__all__": "event_id_cnty"}
PROGRESS_ROWS = 500  # rows checked between two reports of an import's progress
PREVIEW_ROWS = 10  # rows the preview shows
CHUNK = 2000  # keys per query where a file's rows are looked up: bounded whatever the file's size


@dataclass
class AcledChanges:
    """What a file would change: records to create, to change (record, before) and to remove, every refused row's
    errors, and the first rows as the preview shows them. After-images of changed records are taken when they are
    written, once the actors they name have keys."""

    errors: list = field(default_factory=list)
    actors_new: list = field(default_factory=list)
    incidents_new: list = field(default_factory=list)
    incidents_changed: list = field(default_factory=list)  # [(incident, before)]: written in bulk
    # Changed incidents with casualties of the mission's own personnel: written through incident_store, which moves
    # the casualties with the incident's date (operations.services), by row number.
    incidents_with_casualties: dict = field(default_factory=dict)  # {row number: incident}
    associated: dict = field(default_factory=dict)  # id(incident) -> ([actors], [actors]) where new or changed
    tolls_new: list = field(default_factory=list)
    tolls_changed: list = field(default_factory=list)  # [(toll, before)]
    tolls_removed: list = field(default_factory=list)
    citations_new: list = field(default_factory=list)
    citations_changed: list = field(default_factory=list)  # [(citation, before)]
    source: Source | None = None  # ACLED's, stored or to store
    updated: int = 0  # stored incidents the file changes (their fields, associated actors, toll or citation)
    unchanged: int = 0
    preview: list = field(default_factory=list)  # [PreviewRow]


@dataclass(frozen=True)
class PreviewRow:
    number: int
    event_id: str
    date: datetime.date
    event_type: str
    location: str
    fatalities: int
    status: str  # "new", "updated", "unchanged"


def acled_source():
    """ACLED as a source (a data set), as stored, or new and unsaved."""
    found = Source.objects.filter(kind=Source.Kind.DATASET, publisher=ACLED_PUBLISHER, title=ACLED_TITLE).first()
    return found or Source(kind=Source.Kind.DATASET, publisher=ACLED_PUBLISHER, title=ACLED_TITLE,
                           address=ACLED_ADDRESS, language="en",
                           # ACLED codes what the press and its partners report: usually reliable as a publisher,
                           # each event possibly true until another source confirms it.
                           reliability=Source.Reliability.B, credibility=Source.Credibility.POSSIBLY_TRUE)


def muster_event_id(incident):
    """The event id an incident of Muster's own (no ACLED id) goes out with: its mission and key, e.g. MSS-12."""
    return incident.acled_id or f"{incident.mission.code}-{incident.pk}"


def title_joins():
    """The words incident_title joins its parts with, in the reader's language (read once per file)."""
    return _(" and %s"), _(" in %s")


def incident_title(*, event_type, actor1, actor2, location, joins=None):
    """The line an imported incident is given: "Armed clash: Viv Ansanm and Police Forces of Haiti in Pont-Sondé"."""
    with_other, at = joins or title_joins()
    title = f"{event_type.sub_event_type}: {actor1.name}"
    if actor2 is not None:
        title += with_other % actor2.name
    if location:
        title += at % location
    return title if len(title) <= 200 else title[:199] + "…"


def own_fields(record):
    """The record as the change log keeps it (changelog.serialize), without its many-to-many fields, which serialize
    reads through a manager per relation: for a stored record, those come from `_related`'s links."""
    keyless = copy.copy(record)
    keyless.pk = None
    return serialize(keyless)


class _Placements:
    """The model's own placement (Incident.place), once per distinct point of a file.

    Placing a point reads the communes whose box holds it and tests their outlines: about 4.5 ms (measured on
    Haiti's 140 communes), which is most of a row's time, while ACLED repeats a few hundred locations over
    thousands of events. The model's rule runs for the first row at a point; the rows after it at the same point
    take its result (the same communes, or the same refusal).
    """

    def __init__(self):
        self.known = {}

    def place(self, incident):
        if incident.site_id or incident.latitude is None:
            return Incident.place(incident)
        key = (incident.latitude, incident.longitude, incident.outside_boundaries)
        if key not in self.known:
            try:
                Incident.place(incident)
            except ValidationError as refusal:
                self.known[key] = refusal
                raise
            self.known[key] = (incident.adm1, incident.adm2, incident.outside_boundaries)
            return None
        known = self.known[key]
        if isinstance(known, ValidationError):
            raise known
        incident.adm1, incident.adm2, incident.outside_boundaries = known
        return None


class _Areas:
    """The departments and communes by name, read once (without their outlines) when a row first needs them."""

    def __init__(self):
        self.departments = None

    def named(self, values):
        """(department, commune) the row's admin1 and admin2 (or admin3) name; either may be None."""
        if self.departments is None:
            areas = list(AdminArea.objects.only("pk", "pcode", "level", "parent_id", "name_en", "name_fr",
                                                "name_ht").order_by("pcode"))
            self.departments = [a for a in areas if a.level == AdminArea.Level.ADM1]
            self.communes = defaultdict(list)
            for area in areas:
                if area.level == AdminArea.Level.ADM2:
                    self.communes[area.parent_id].append(area)
        admin1 = values.get("admin1", "")
        department = next((d for d in self.departments if admin1 and _names_agree(admin1, d)), None)
        if department is None:
            return None, None
        names = [values[c] for c in ("admin2", "admin3") if values.get(c)]
        commune = next((c for name in names for c in self.communes[department.pk] if _names_agree(name, c)), None)
        return department, commune


def _stored(mission, event_ids):
    """The mission's incidents the file names, by event id: ACLED's, and Muster's own by their export id (MSS-12),
    with what the matching compares (associated actors, tolls of the killed, ACLED's citation, casualties), read
    in a few queries per CHUNK rows whatever the file's size."""
    incidents = {}
    ids = sorted(event_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for incident in Incident.objects.filter(mission=mission, acled_id__in=chunk).select_related(
                "event_type", "actor1", "actor2"):
            incidents[incident.acled_id] = incident
    prefix = f"{mission.code}-"
    own = {int(i[len(prefix):]): i for i in ids if i.startswith(prefix) and i[len(prefix):].isdigit()}
    if own:
        for incident in Incident.objects.filter(mission=mission, acled_id="", pk__in=list(own)).select_related(
                "event_type", "actor1", "actor2"):
            incidents[own[incident.pk]] = incident
    return incidents


MANY = ("associated_actors1", "associated_actors2", "units")


def _related(incidents, source):
    """For `incidents` (stored): their many-to-many links ({incident: {field: [(key, name)]}}), their killed tolls
    by group, ACLED's citation, and which have casualties."""
    links, killed, cited, with_casualties = defaultdict(lambda: {name: [] for name in MANY}), defaultdict(dict), {}, \
        set()
    incident_type = ContentType.objects.get_for_model(Incident)
    records = list(incidents)
    for start in range(0, len(records), CHUNK):
        keys = [i.pk for i in records[start:start + CHUNK]]
        for name in MANY:
            through = getattr(Incident, name).through.objects.filter(incident__in=keys)
            pairs = through.values_list("incident_id", "contingent_id", "contingent_id") if name == "units" else \
                through.values_list("incident_id", "actor_id", "actor__name")
            for incident, key, label in pairs:
                links[incident][name].append((key, label))
        for toll in Toll.objects.filter(incident__in=keys, outcome=Toll.Outcome.KILLED):
            killed[toll.incident_id][toll.group] = toll
        if source.pk is not None:
            for citation in Citation.objects.filter(content_type=incident_type, object_id__in=keys, source=source):
                cited.setdefault(citation.object_id, citation)
        with_casualties |= set(Casualty.objects.filter(incident__in=keys).values_list("incident_id", flat=True))
    return links, killed, cited, with_casualties


def acled_match(*, user, mission, acled, classification=Classification.RESTRICTED, progress=None):
    """`acled`'s rows (AcledFile) for `mission` as AcledChanges, against what is stored. Nothing is written.

    `user` (None: the system) bounds the incidents a row may update (those they may change) and whether a row may
    name an actor Muster does not know yet (they may add actors). New incidents get `classification`.
    `progress(done, total)` hears how many rows are checked.
    """
    changes = AcledChanges()
    changes.source = source = acled_source()
    types = {(normalize(t.event_type), normalize(t.sub_event_type)): t for t in EventType.objects.all()}
    sub_types = defaultdict(list)
    for (event_type, _sub), kind in types.items():
        sub_types[event_type].append(kind.sub_event_type)
    names = set()
    for _number, cells in acled.rows:
        names |= {cells.get("actor1", ""), cells.get("actor2", "")}
        names |= set(parse_names(cells.get("assoc_actor_1", "")) + parse_names(cells.get("assoc_actor_2", "")))
    names.discard("")
    actors, names = {}, sorted(names)
    for start in range(0, len(names), CHUNK):
        actors |= {a.name: a for a in Actor.objects.filter(name__in=names[start:start + CHUNK])}
    may_add_actors = user is None or permission_filter(user, Actor, "add") is not None
    stored = _stored(mission, {cells.get("event_id_cnty", "") for _n, cells in acled.rows})
    links, killed, cited, with_casualties = _related(stored.values(), source)
    changeable = None
    if user is not None and stored:
        keys = sorted(i.pk for i in stored.values())
        changeable = set()
        for start in range(0, len(keys), CHUNK):
            changeable |= set(Incident.objects.restrict(user, "change").filter(
                pk__in=keys[start:start + CHUNK]).values_list("pk", flat=True))
    incident_type = ContentType.objects.get_for_model(Incident)
    placements, areas, seen, joins = _Placements(), _Areas(), {}, title_joins()
    new_actors = {}

    def actor_of(name, inter, number, column, inter_column):
        """The actor named `name`: stored, new in this file, or made now (with `inter`); None with an error."""
        if name in actors:
            return actors[name]
        if name in new_actors:
            return new_actors[name]
        if not may_add_actors:
            changes.errors.append(RowError(number, column, _(
                "no actor called “%s” is in Muster, and you may not add actors; ask the operations officer.")
                % name))
            return None
        if inter is None:
            changes.errors.append(RowError(number, inter_column, _(
                "“%s” is new to Muster: give its inter code to add it.") % name))
            return None
        actor = Actor(name=name, inter=inter)
        try:
            actor.full_clean(exclude=["coalition", "country"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            changes.errors.append(RowError(number, column, " ".join(error.messages)))
            return None
        new_actors[name] = actor
        changes.actors_new.append(actor)
        return actor

    for checked, (number, cells) in enumerate(acled.rows):
        if progress and checked % PROGRESS_ROWS == 0:
            progress(checked, len(acled.rows))
        values, errors = acled_row_parse(number=number, cells=cells)
        event_id = values.get("event_id_cnty", "")
        if event_id in seen:
            errors.append(RowError(number, "event_id_cnty", _("%(id)s is also on row %(row)s.")
                                   % {"id": event_id, "row": seen[event_id]}))
        elif event_id:
            seen[event_id] = number
        kind = types.get((normalize(values.get("event_type", "")), normalize(values.get("sub_event_type", ""))))
        if kind is None and values.get("event_type") and values.get("sub_event_type"):
            if normalize(values["event_type"]) in sub_types:
                errors.append(RowError(number, "sub_event_type", _(
                    "“%(sub)s” is not a sub-event type of %(type)s Muster knows (known: %(known)s).") % {
                    "sub": values["sub_event_type"], "type": values["event_type"],
                    "known": "; ".join(sub_types[normalize(values["event_type"])])}))
            else:
                errors.append(RowError(number, "event_type", _("“%s” is not an ACLED event type Muster knows.")
                                       % values["event_type"]))
        if errors:
            changes.errors += errors
            continue
        incident = stored.get(event_id)
        if incident is not None and changeable is not None and incident.pk not in changeable:
            changes.errors.append(RowError(number, "event_id_cnty", _(
                "%s is held in this mission by an incident you may not change; ask the operations officer.")
                % event_id))
            continue
        actor1 = actor_of(values["actor1"], values.get("inter1"), number, "actor1", "inter1")
        actor2 = actor_of(values["actor2"], values.get("inter2"), number, "actor2", "inter2") \
            if values.get("actor2") else None
        # ACLED gives no inter code to associated actors: a new one takes that of the actor it stands with.
        associated = ([actor_of(n, actor1.inter if actor1 else None, number, "assoc_actor_1", "inter1")
                       for n in values.get("assoc_actor_1", [])],
                      [actor_of(n, actor2.inter if actor2 else values.get("inter2"), number, "assoc_actor_2",
                                "inter2") for n in values.get("assoc_actor_2", [])])
        if actor1 is None or (values.get("actor2") and actor2 is None) or None in associated[0] + associated[1]:
            continue
        if actor2 is actor1:
            changes.errors.append(RowError(number, "actor2", _("is actor1 again; leave it empty.")))
            continue
        row_errors = []
        acled_imported = incident is None or bool(incident.acled_id)
        if incident is None:
            incident = Incident(mission=mission, acled_id=event_id, classification=classification)
            before = None
            retitle = True
        else:
            incident.mission = mission  # in hand: the model's checks read it
            stored_links = links[incident.pk]
            before = own_fields(incident) | {name: sorted(key for key, _label in stored_links[name])
                                             for name in MANY}
            retitle = incident.title == incident_title(event_type=incident.event_type, actor1=incident.actor1,
                                                       actor2=incident.actor2, location=incident.location,
                                                       joins=joins)
        incident.date = values["event_date"]
        if incident.occurred_at and incident.local_time().date() != incident.date:
            incident.occurred_at = None  # a moment of another day is no longer the event's (clean() dates by it)
        incident.time_precision = values.get("time_precision", 1)
        incident.event_type = kind
        incident.location = values.get("location", "")
        incident.latitude, incident.longitude = values.get("latitude"), values.get("longitude")
        if incident.latitude is None and incident.longitude is None and not incident.site_id:
            # No point (one of Muster's own incidents, placed by its commune, as its export wrote it): the
            # department and commune the row names, by name; the model places the rest.
            incident.adm1, incident.adm2 = areas.named(values)
            if incident.adm1 is None:
                changes.errors.append(RowError(number, "latitude", _(
                    "is empty, and admin1 and admin2 name no department or commune Muster knows: give the point, "
                    "or the names.")))
                continue
        incident.geo_precision = values.get("geo_precision", 1)
        incident.actor1, incident.actor2 = actor1, actor2
        incident.civilian_targeting = values["civilian_targeting"]
        incident.narrative = values.get("notes", "")
        if retitle:
            incident.title = incident_title(event_type=kind, actor1=actor1, actor2=actor2, location=incident.location,
                                            joins=joins)
        # A stored incident the row leaves as it is (a file downloaded again) was checked when it was stored, and
        # is not written: its checks are skipped, which is most of a re-import's time.
        as_stored = before is not None and own_fields(incident) | {name: before[name] for name in MANY} == before
        if not as_stored:
            incident.place = lambda incident=incident: placements.place(incident)  # the model's, once per point
            try:
                incident.full_clean(exclude=["mission", "event_type", "site", "adm1", "adm2", "actor1", "actor2"],
                                    validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                row_errors += _model_errors(error, number)
            finally:
                del incident.place
            if not row_errors:
                row_errors += _admin_names_checked(incident, values, number)
        toll_change = None if row_errors else _toll_match(incident, values, cells, killed.get(incident.pk, {}),
                                                          number, row_errors)
        if row_errors:
            changes.errors += row_errors
            continue
        # What changed: the fields ACLED carries, its associated actors, the toll, the citation.
        fields_changed = before is not None and not as_stored and \
            before != own_fields(incident) | {name: before[name] for name in MANY}
        changed = before is None or fields_changed
        if before is not None:
            stored_names = [[label for _key, label in stored_links[name]] for name in MANY[:2]]
            if [sorted(a.name for a in side) for side in associated] != [sorted(side) for side in stored_names]:
                changed = True
                changes.associated[id(incident)] = associated
        else:
            changes.associated[id(incident)] = associated
        if toll_change is not None:
            changed = True
            kind_of_change, toll, toll_before = toll_change
            if kind_of_change == "new":
                changes.tolls_new.append(toll)
            elif kind_of_change == "changed":
                changes.tolls_changed.append((toll, toll_before))
            else:
                changes.tolls_removed.append(toll)
        if acled_imported:
            citation = cited.get(incident.pk) if incident.pk else None
            quote = values.get("source", "")
            if citation is None:
                changes.citations_new.append(_citation_new(incident, incident_type, quote, event_id))
                changed = True
            elif citation.quote != quote or citation.locator != event_id:
                changes.citations_changed.append((citation, serialize(citation)))
                citation.quote, citation.locator = quote, event_id
                changed = True
        if before is None:
            changes.incidents_new.append(incident)
            status = "new"
        elif changed:
            if not (fields_changed or id(incident) in changes.associated):
                pass  # only its toll or citation
            elif incident.pk in with_casualties:
                changes.incidents_with_casualties[number] = incident
            else:
                changes.incidents_changed.append((incident, before))
            changes.updated += 1  # its fields, associated actors, toll or citation
            status = "updated"
        else:
            changes.unchanged += 1
            status = "unchanged"
        if len(changes.preview) < PREVIEW_ROWS:
            changes.preview.append(PreviewRow(number=number, event_id=event_id, date=incident.date,
                                              event_type=str(kind), location=incident.location,
                                              fatalities=values["fatalities"], status=status))
    return changes


def _citation_new(incident, incident_type, quote, event_id):
    citation = Citation(content_type=incident_type, quote=quote, locator=event_id[:100])
    citation.cited_incident = incident  # its key once the incident has one (acled_changes_write)
    return citation


def _model_errors(error, number):
    # One reason per cell: the first says what to write.
    return [RowError(number, FIELD_COLUMNS.get(name, name), messages[0])
            for name, messages in error.message_dict.items()]


def _names_agree(given, area):
    """Whether `given` names `area` (in English, French or Creole), spelling aside: "Grand'Anse" is COD-AB's
    "Grande'Anse", "Petion-Ville" its "Pétion-Ville"."""
    return _agree(given, (area.name_en, area.name_fr, area.name_ht))


@functools.lru_cache(maxsize=8192)
def _agree(given, names):
    # Once per name and place: a file names the same few hundred places thousands of times.
    given, names = normalize(given), [normalize(name) for name in names if name]
    return given in names or any(difflib.SequenceMatcher(None, name, given).ratio() >= 0.85 for name in names)


def _admin_names_checked(incident, values, number):
    """The department and commune the file names against those the point lies in, where it was placed.

    ACLED's admin2 is the commune in some countries and the arrondissement in Haiti (whose communes are its
    admin3): the commune may be named by either.
    """
    if incident.adm2 is None:
        return []
    errors = []
    admin1 = values.get("admin1", "")
    if admin1 and incident.adm1 is not None and not _names_agree(admin1, incident.adm1):
        errors.append(RowError(number, "admin1", _(
            "the point %(lat)s, %(lon)s lies in %(area)s, not in “%(given)s”; check the coordinates or the name.")
            % {"lat": incident.latitude, "lon": incident.longitude, "area": incident.adm1, "given": admin1}))
    given = [values[c] for c in ("admin2", "admin3") if values.get(c)]
    if given and not any(_names_agree(name, incident.adm2) for name in given):
        errors.append(RowError(number, "admin2", _(
            "the point %(lat)s, %(lon)s lies in %(area)s, not in “%(given)s”; check the coordinates or the name.")
            % {"lat": incident.latitude, "lon": incident.longitude, "area": incident.adm2,
               "given": " / ".join(given)}))
    return errors


def _toll_match(incident, values, cells, killed, number, errors):
    """ACLED's fatalities as the incident's toll of people killed whose group is not known, beside its other
    killed tolls: ("new" | "changed" | "removed", toll, before) or None when the figure is as stored."""
    fatalities, reported = values["fatalities"], cells["fatalities"]
    others = sum(t.count for group, t in killed.items() if group != Toll.Group.UNKNOWN)
    unknown = killed.get(Toll.Group.UNKNOWN)
    needed = fatalities - others
    if needed < 0:
        errors.append(RowError(number, "fatalities", _(
            "%(n)s killed, but the incident records %(others)s killed by group; correct them on its page.")
            % {"n": fatalities, "others": others}))
        return None
    as_reported = reported if others == 0 else ""
    if needed == 0:
        return ("removed", unknown, None) if unknown is not None else None
    if unknown is None:
        toll = Toll(incident=incident, group=Toll.Group.UNKNOWN, outcome=Toll.Outcome.KILLED, count=needed,
                    as_reported=as_reported)
        change = ("new", toll, None)
    elif (unknown.count, unknown.as_reported) == (needed, as_reported):
        return None
    else:
        toll = unknown
        change = ("changed", toll, serialize(toll))
        toll.count, toll.as_reported = needed, as_reported
    try:
        toll.full_clean(exclude=["incident"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors += _model_errors(error, number)
        return None
    return change
