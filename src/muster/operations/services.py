"""Writing operations' records: an incident with its casualties, as one act with the roll and strength.

Every write goes through the one store (core.store.record_store / sources.services.record_store_cited), so scope,
validation under lock, change log and citations are those of every other record. The functions below are the only
way a casualty, or an incident that has casualties, is written or removed: pages, the API, the ACLED import and the
demo call them.

A casualty writes two records of the force, and keeps a key to each (Casualty.movement, Casualty.duty_status), so
that a correction changes or removes exactly what it wrote and nothing a personnel officer entered by hand:

- a casualty movement (killed, evacuated, missing; never for wounded treated in theatre, who stay on strength) of
  its count on its contingent on the incident's day: strength from movements (force.selectors.strength_at) drops;
- for a named officer, a duty status from the incident's day (Casualty.DUTY_STATUS): strength on the roll (the
  tours on the roll whose status is one of DutyStatus.IN_STRENGTH, as the PERSTAT counts it) drops by the same one
  exactly when the movement exists, so the roll and the movements keep agreeing ("reported beside computed").

An officer killed, missing or evacuated keeps their tour open: the tour's departure is left to the personnel
officer. That is what a PERSTAT expects (the killed stay on the roll, counted under "Killed", out of strength:
DutyStatus.OUT_OF_STRENGTH), and it is the only way the status can be recorded at all: a duty status must fall
within its tour (DutyStatus.clean), so a tour ended on the incident's day could hold none from that day. Ending the
tour later (remains repatriated, reason "killed") changes the count on the roll, never its strength, nor the
movements: the figures keep agreeing whatever the personnel officer does next.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from muster.core.store import guards_lock, record_delete, record_store
from muster.force.models import DutyStatus, Movement, Person
from muster.sources.models import Citation
from muster.sources.services import citation_attach, record_store_cited

from .models import Casualty, Incident


@transaction.atomic
def incident_store(*, user, incident, many=None, source=None, quote="", locator=""):
    """Store `incident` (add or change) for `user`, citing `source` when given, in one transaction. When a stored
    incident's date changes, its casualties' movements and duty statuses move with it (each casualty re-recorded
    through casualty_record), so that strength, the roll and the incident keep agreeing. Returns the incident.

    The casualties follow as part of the incident's write, stored as the system: the operations officer who
    corrects an incident's date holds no grant on the roll, and needs none to keep it in step (each casualty's
    writer was checked when it was recorded; the change log keeps the incident's writer as the actor). Refused,
    naming the field, with nothing stored: an incident with casualties moved to another mission, given fewer
    mission personnel involved than its casualties of one outcome count, or moved to a day a casualty cannot
    follow (its officer not on the roll then); the casualties are named only to someone who may see them."""
    stored = None
    if incident.pk is not None and not incident._state.adding:
        # Under a lock: a casualty recorded meanwhile (casualty_record takes the same lock) counts below.
        stored = (Incident._base_manager.select_for_update().filter(pk=incident.pk)
                  .values("date", "mission_id").first())
    record_store_cited(user=user, record=incident, source=source, quote=quote, locator=locator, many=many)
    if stored is None:
        return incident
    casualties = list(incident.casualties.select_related("contingent__mission", "tour__person").order_by("pk"))
    if not casualties:
        return incident
    seen = _all_seen(user, Casualty.objects.filter(incident=incident))
    if incident.mission_id != stored["mission_id"]:
        raise ValidationError({"mission": _(
            "This incident has casualties of the mission's own personnel: they are removed before it can move to "
            "another mission.")})
    if incident.personnel_involved is not None:
        counted = _casualties_by_outcome(incident_id=incident.pk)
        over = {outcome: n for outcome, n in counted.items() if n > incident.personnel_involved}
        if over:
            outcome, n = max(over.items(), key=lambda item: item[1])
            message = _("%(count)s of the mission's personnel are recorded %(outcome)s in this incident: it cannot "
                        "have involved fewer (%(involved)s).") if seen else _(
                "The incident's casualties of the mission's own personnel, which you may not see, outnumber "
                "%(involved)s: ask the personnel officer.")
            raise ValidationError({"personnel_involved": message % {
                "count": n, "outcome": Casualty.Outcome(outcome).label.lower(),
                "involved": incident.personnel_involved}})
    if incident.date != stored["date"]:
        for casualty in casualties:
            casualty.incident = incident
            try:
                casualty_record(user=None, casualty=casualty)
            except ValidationError as error:
                message = _("The casualty “%(casualty)s” cannot move to %(day)s with the incident: %(reasons)s") \
                    if seen else _("A casualty of the mission's own personnel in this incident, which you may not "
                                   "see, cannot move to %(day)s with it: ask the personnel officer.")
                raise ValidationError({"date": message % {"casualty": casualty, "day": incident.date,
                                                          "reasons": " ".join(error.messages)}}) from None
    return incident


@transaction.atomic
def incident_delete(*, user, incident):
    """Remove `incident` and, first, each of its casualties (casualty_delete), in one transaction.

    Only someone who may remove every casualty of the incident removes it: deleting an incident deletes the roll's
    statuses and the casualty movements its casualties wrote, which are the personnel officer's to undo."""
    casualties = Casualty.objects.filter(incident=incident)
    if user is not None and not _all_seen(user, casualties, action="delete"):
        raise ValidationError(_("This incident has casualties of the mission's own personnel recorded against it: "
                                "the personnel officer removes them before the incident can be deleted."))
    for casualty in casualties.select_related("movement", "duty_status").order_by("pk"):
        casualty_delete(user=user, casualty=casualty)
    record_delete(record=incident)


def _all_seen(user, casualties, action="view"):
    """Whether `user` (None: the system) may `action` every one of `casualties` (two counts at most)."""
    return user is None or casualties.restrict(user, action).count() == casualties.count()


def casualty_record(*, user, casualty, source=None, quote="", locator=""):
    """Store `casualty` (add or change) for `user`, in one transaction, with what it means for the roll and strength:

    - the officer's duty status (`casualty.tour` given) from the incident's date: killed, wounded, evacuated,
      missing (Casualty.DUTY_STATUS), kept in `casualty.duty_status`;
    - where the outcome changes strength (Casualty.MOVEMENT_KIND: killed, evacuated, missing; not wounded treated
      in theatre), a casualty movement of `casualty.count` on the contingent on the incident's date, kept in
      `casualty.movement`;
    - each citing `source` (the casualty, its movement, its duty status), when given.

    A correction (another outcome, officer, count, or incident date) corrects or removes exactly what the casualty
    wrote before. Refused, naming the field, with nothing stored: a contingent of another mission than the
    incident's, an officer not on the contingent's roll on the incident's date, more than one for a named officer,
    more mission personnel killed or wounded than the incident says were involved, a movement that would take
    strength below nobody. Returns the casualty.

    A refused casualty is given back as it was sent (unsaved if it was new; its version and the keys of what it
    wrote as before), so that a form shows it again for correction."""
    kept = (casualty.pk, casualty._state.adding, casualty.version, casualty.movement_id, casualty.duty_status_id)
    try:
        return _casualty_store(user=user, casualty=casualty, source=source, quote=quote, locator=locator)
    except Exception:
        casualty.pk, casualty._state.adding, casualty.version, movement_id, duty_status_id = kept
        for name, key in (("movement", movement_id), ("duty_status", duty_status_id)):
            field = Casualty._meta.get_field(name)
            setattr(casualty, field.attname, key)
            if field.is_cached(casualty):  # changed in memory by the refused write: read again when next used
                field.delete_cached_value(casualty)
        raise


@transaction.atomic
def _casualty_store(*, user, casualty, source, quote, locator):
    """casualty_record's one transaction."""
    if casualty.incident_id is None or casualty.contingent_id is None:
        casualty.full_clean()  # names the missing field
    # The incident (its date, its personnel involved) and the contingent (its strength) stay as read until commit.
    incident = Incident._base_manager.select_for_update().select_related("mission").get(pk=casualty.incident_id)
    casualty.incident = incident
    casualty.editor = user
    guards_lock(casualty)
    _casualty_check(casualty)

    movement = _movement_write(user=user, casualty=casualty)
    duty_status = _duty_status_write(user=user, casualty=casualty)
    replaced = [old for old, new in ((casualty.movement, movement), (casualty.duty_status, duty_status))
                if old is not None and old.pk is not None and (new is None or new.pk != old.pk)]
    casualty.movement, casualty.duty_status = movement, duty_status
    record_store_cited(user=user, record=casualty, source=source, quote=quote, locator=locator)
    for old in replaced:  # no longer the casualty's (the key is gone): what it wrote before, now undone
        _written_delete(old)
    _citations_mirror(casualty)
    return casualty


@transaction.atomic
def casualty_delete(*, user, casualty):
    """Remove `casualty` and what it wrote (its movement, its duty status), in one transaction."""
    guards_lock(casualty)
    written = [record for record in (casualty.movement, casualty.duty_status) if record is not None]
    record_delete(record=casualty)
    for record in written:
        _written_delete(record)


# --- The casualty's rules and what it writes ------------------------------------------------------------------


def _casualties_by_outcome(*, incident_id, excluding=None):
    """{outcome: personnel} of the incident's casualties (one query), leaving out the casualty `excluding`."""
    casualties = Casualty.objects.filter(incident_id=incident_id)
    if excluding is not None:
        casualties = casualties.exclude(pk=excluding)
    return dict(casualties.values("outcome").annotate(n=Sum("count")).order_by().values_list("outcome", "n"))


def _casualty_check(casualty):
    """The rules a casualty keeps with its incident, contingent and officer, each naming its field."""
    casualty.full_clean()
    incident, contingent, tour = casualty.incident, casualty.contingent, casualty.tour
    errors = {}
    if contingent.mission_id != incident.mission_id:
        errors["contingent"] = _("%(contingent)s serves %(mission)s; this incident is of %(incident_mission)s.") % {
            "contingent": contingent, "mission": contingent.mission.code, "incident_mission": incident.mission.code}
    if tour is not None:
        if tour.contingent_id != contingent.pk:
            errors["tour"] = _("%(person)s serves in another contingent than %(contingent)s.") % {
                "person": tour.person, "contingent": contingent}
        elif not tour.is_on_roll(incident.date):
            errors["tour"] = _("%(person)s is not on the roll of %(contingent)s on %(day)s (tour from %(arrival)s "
                               "to %(departure)s).") % {
                "person": tour.person, "contingent": contingent, "day": incident.date, "arrival": tour.arrival,
                "departure": tour.departure or "—"}
        else:
            problem = _tour_status_conflict(casualty)
            if problem:
                errors["tour"] = problem
        if casualty.count != 1:
            errors["count"] = _("A named officer is one person: record the others as a casualty of their own.")
    if "count" not in errors and incident.personnel_involved is not None and casualty.count:
        others = _casualties_by_outcome(incident_id=incident.pk, excluding=casualty.pk).get(casualty.outcome, 0)
        if others + casualty.count > incident.personnel_involved:
            errors["count"] = _personnel_exceeded(casualty, others)
    if errors:
        raise ValidationError(errors)


def _tour_status_conflict(casualty):
    """Why the officer's duty statuses leave no room for this casualty's, or None. The casualty's own status (a
    correction) is not in the way. Keeping the officer's statuses in order is what keeps the roll agreeing with
    the movements: a status out of strength is the officer's last, as their casualty movement is for good."""
    tour, day = casualty.tour, casualty.incident.date
    statuses = DutyStatus.objects.filter(tour=tour).exclude(pk=casualty.duty_status_id)
    values = {"person": tour.person, "day": day}
    same_day = statuses.filter(since=day).first()
    if same_day is not None:
        return _("%(person)s already has a duty status from %(day)s (%(status)s): one status a day. Correct or "
                 "remove that one on the roll first.") % (values | {"status": same_day.get_status_display().lower()})
    before = statuses.filter(since__lt=day).order_by("-since").first()
    if before is not None and before.status in DutyStatus.OUT_OF_STRENGTH:
        return _("%(person)s is recorded %(status)s from %(since)s: no longer on the mission's strength on "
                 "%(day)s.") % (values | {"status": before.get_status_display().lower(), "since": before.since})
    after = statuses.filter(since__gt=day).order_by("since").first()
    if after is not None and Casualty.DUTY_STATUS[casualty.outcome] in DutyStatus.OUT_OF_STRENGTH:
        return _("%(person)s has a later duty status (%(status)s from %(since)s): a casualty that takes them off "
                 "strength is their last status. Correct the later one first.") % (
            values | {"status": after.get_status_display().lower(), "since": after.since})
    return None


def _personnel_exceeded(casualty, others):
    """Why the casualty's count exceeds the personnel involved, naming the other casualties only to someone who may
    see them all (a liaison may not see another country's)."""
    incident = casualty.incident
    values = {"count": casualty.count + others, "outcome": casualty.get_outcome_display().lower(),
              "involved": incident.personnel_involved, "others": others}
    if others == 0:
        return _("%(count)s mission personnel %(outcome)s, but the incident says %(involved)s were involved.") % values
    same = Casualty.objects.filter(incident=incident, outcome=casualty.outcome).exclude(pk=casualty.pk)
    if _all_seen(casualty.editor, same):
        return _("With the %(others)s already recorded, %(count)s mission personnel %(outcome)s, but the incident "
                 "says %(involved)s were involved.") % values
    return _("This casualty cannot be recorded as it stands: with casualties of the incident you may not see, it "
             "exceeds the %(involved)s personnel the incident says were involved. Ask the personnel officer.") % values


def _as_field(error, field):
    """A force record's refusal, as an error of the casualty's `field` (the form has no field of the movement's)."""
    return ValidationError({field: error.messages})


def _written_because(casualty):
    """The note of a casualty's movement and the reason of its duty status: the incident by its number and day, never
    its title nor the officer's name (a movement is read more widely than the casualty or the incident)."""
    incident = casualty.incident
    return _("Casualty (%(outcome)s) in incident %(incident)s of %(day)s, recorded in operations.") % {
        "outcome": casualty.get_outcome_display().lower(), "incident": incident.pk, "day": f"{incident.date:%d %b %Y}"}


def _movement_write(*, user, casualty):
    """The casualty's movement as it now should be (changed in place, new, or None); stored."""
    kind = Casualty.MOVEMENT_KIND.get(casualty.outcome)
    if kind is None:
        return None
    incident = casualty.incident
    movement = casualty.movement if casualty.movement_id else Movement()
    movement.contingent = casualty.contingent
    movement.kind, movement.date, movement.count = kind, incident.date, casualty.count
    sex = casualty.tour.person.sex if casualty.tour_id else None
    movement.men = casualty.count if sex == Person.Sex.MALE else 0
    movement.women = casualty.count if sex == Person.Sex.FEMALE else 0
    movement.unknown = casualty.count - movement.men - movement.women
    movement.note = _written_because(casualty)
    try:
        return record_store(user=user, record=movement)
    except ValidationError as error:
        raise _as_field(error, "count") from None


def _duty_status_write(*, user, casualty):
    """The named officer's duty status as it now should be (changed in place, new, or None); stored."""
    if casualty.tour_id is None:
        return None
    incident = casualty.incident
    status = casualty.duty_status if casualty.duty_status_id else DutyStatus()
    status.tour, status.since, status.status = casualty.tour, incident.date, Casualty.DUTY_STATUS[casualty.outcome]
    status.reason = _written_because(casualty)
    try:
        return record_store(user=user, record=status)
    except ValidationError as error:
        raise _as_field(error, "tour") from None


def _citations_of(record):
    """The citations on `record`, whether or not its model lists them (a duty status does not)."""
    return Citation.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


def _written_delete(record):
    """Delete a movement or duty status the casualty wrote, with its citations (which a duty status, having no
    relation to them, would otherwise leave behind)."""
    for citation in _citations_of(record):
        record_delete(record=citation)
    record_delete(record=record)


def _citations_mirror(casualty):
    """Cite on the casualty's movement and duty status every source the casualty cites (the same words), so that
    the three say where they come from alike, whichever of them a correction created."""
    cited = list(_citations_of(casualty).select_related("source"))
    for record in (casualty.movement, casualty.duty_status):
        if record is None or not cited:
            continue
        held = {(c.source_id, c.quote, c.locator) for c in _citations_of(record)}
        for citation in cited:
            if (citation.source_id, citation.quote, citation.locator) not in held:
                citation_attach(record=record, source=citation.source, quote=citation.quote,
                                locator=citation.locator)
