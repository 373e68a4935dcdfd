"""Writes of the force that are more than one model's CRUD: movements, re-hatting, the nominal roll."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from muster.core.changelog import change_context, current_context
from muster.core.store import record_store
from muster.sources.services import record_store_cited

from .models import Contingent, DutyStatus, Movement, Posting
from .roll_match import roll_match
from .roll_write import roll_changes_write
from .selectors import strength_at


@transaction.atomic
def movement_record(*, user, contingent, kind, date, count, men=0, women=0, unknown=None, note="",
                    source=None, quote=""):
    """Record personnel entering or leaving `contingent`, with the source that reported it.

    `unknown` defaults to whatever of `count` is not given as men or women. `user` None means the
    system itself (demo loading, re-hatting); otherwise the movement must lie in the user's scope.
    """
    if unknown is None:
        unknown = max(count - men - women, 0)
    movement = Movement(contingent=contingent, kind=kind, date=date, count=count, men=men, women=women,
                        unknown=unknown, note=note)
    # Under a lock on the contingent: two departures at once cannot both pass the strength rule (core.store).
    return record_store_cited(user=user, record=movement, source=source, quote=quote)


@transaction.atomic
def contingent_rehat(*, predecessor_mission, successor_mission, on, source=None, quote=""):
    """Transfer every contingent of `predecessor_mission` present on `on` to `successor_mission`.

    Each contingent's personnel leave the predecessor by a transfer-out and join the successor's
    matching contingent (created if need be, linked by `predecessor`) by a transfer-in on the same
    day, with the same men, women and unknown. Each mission keeps its own history; the successor's
    strength continues from the predecessor's. Returns the successor contingents.

    The predecessor's site assignments still open on `on` (no `until`, or a later one) end on `on`: its sites are
    its own, and nobody is at them after it (SiteAssignment; the successor posts its people to its own sites).
    """
    if successor_mission.start > on:
        raise ValidationError({"on": _("%(mission)s starts on %(start)s, after the transfer date.")
                               % {"mission": successor_mission.code, "start": successor_mission.start}})
    # Strength at the end of `on`: whatever else happened to a contingent that day moves across with it.
    present = strength_at(mission=predecessor_mission, on=on, by=("contingent",))
    contingents = Contingent.objects.in_bulk([row.contingent for row in present.rows])
    successors = []
    for row in present.rows:
        old = contingents[row.contingent]
        new, _created = Contingent.objects.get_or_create(
            mission=successor_mission, country=old.country, category=old.category,  # one per category: force.models
            defaults={"predecessor": old, "pledged_strength": old.pledged_strength,
                      "parent_service": old.parent_service},
        )
        parts = {"count": row.total, "men": row.men, "women": row.women, "unknown": row.unknown}
        movement_record(user=None, contingent=old, kind=Movement.Kind.TRANSFER_OUT, date=on,
                        note=_("Re-hatted to %s") % successor_mission.code, source=source, quote=quote, **parts)
        movement_record(user=None, contingent=new, kind=Movement.Kind.TRANSFER_IN, date=on,
                        note=_("Re-hatted from %s") % predecessor_mission.code, source=source, quote=quote,
                        **parts)
        successors.append(new)
    _assignments_close(mission=predecessor_mission, on=on)
    return successors


def _assignments_close(*, mission, on):
    """End on `on` the site assignments of `mission`'s contingents that run past it (each stored and logged)."""
    for contingent in Contingent.objects.filter(mission=mission).order_by("pk"):
        running = contingent.site_assignments.filter(since__lte=on).exclude(until__lte=on).order_by("pk")
        for assignment in running.select_related("site__mission", "contingent"):
            assignment.until = on
            record_store(user=None, record=assignment)


# --- The nominal roll --------------------------------------------------------------------------------------


@dataclass
class RollImportResult:
    errors: list = field(default_factory=list)
    people_created: int = 0
    people_updated: int = 0
    tours_created: int = 0
    tours_updated: int = 0
    postings_created: int = 0  # from the optional Site column: officers posted to a site
    postings_updated: int = 0  # a posting of the import's own date moved to another site (a same-day correction)
    unchanged: int = 0
    request_id: object = None
    committed: bool = False

    def counts_from(self, changes):
        """The counts (and errors) of what `changes` (roll_match.RollChanges) would store."""
        self.errors += changes.errors
        self.people_created, self.people_updated = len(changes.people_new), len(changes.people_changed)
        self.tours_created, self.tours_updated = len(changes.tours_new), len(changes.tours_changed)
        if changes.postings is not None:
            self.postings_created, self.postings_updated = len(changes.postings.new), len(changes.postings.moved)
        self.unchanged = changes.unchanged

    @property
    def changed(self):
        return (self.people_created + self.people_updated + self.tours_created + self.tours_updated
                + self.postings_created + self.postings_updated)


def roll_import_outcome(*, contingent, result):
    """What a stored roll import changed, in one sentence for its user."""
    return _("Imported the roll of %(contingent)s: %(people)s people added, %(updated)s updated, %(tours)s tours "
             "added, %(tours_updated)s tours updated, %(postings)s postings to a site.") % {
        "contingent": contingent, "people": result.people_created, "updated": result.people_updated,
        "tours": result.tours_created, "tours_updated": result.tours_updated,
        "postings": result.postings_created + result.postings_updated}


def roll_import_job(*, job, progress, contingent, token, filename):
    """A previewed roll stored as a job (core.jobs), for a file too large to store while its user waits.

    The file is the one the preview kept (core.PendingUpload, for the job's user only); its contingent is read
    again within the user's scope. The job leads to the import's batch of changes, or names every refused row.
    """
    from django.urls import reverse

    from muster.core.jobs import JobFailed, JobResult
    from muster.core.models import PendingUpload

    from .imports import RollFileError, roll_rows_read

    user = job.user
    content = PendingUpload.fetch(user=user, token=token)
    contingent = Contingent.objects.restrict(user, "view").filter(pk=contingent).first()
    if content is None or contingent is None:
        raise JobFailed(_("That upload has expired; send the file again."))
    progress(0, step=_("Reading %(file)s") % {"file": filename})
    try:
        roll = roll_rows_read(content=content, filename=filename)
    except RollFileError as error:
        raise JobFailed(_errors_text(error.errors)) from None
    progress(0, len(roll.rows), step=_("Checking %(rows)s rows") % {"rows": f"{len(roll.rows):,}"})
    result = roll_import(user=user, contingent=contingent, roll=roll, commit=True, filename=filename,
                         progress=progress)
    if result.errors:  # the roll changed between the preview and the commit
        raise JobFailed(_("Nothing was stored:") + "\n" + _errors_text(result.errors))
    PendingUpload.objects.filter(user=user, token=token).delete()
    return JobResult(message=roll_import_outcome(contingent=contingent, result=result),
                     url=reverse("force:roll_batch", args=[result.request_id]))


def _errors_text(errors, shown=200):
    """A roll's errors, one a line, the first `shown` of them (as the import's page shows them)."""
    lines = [str(error) for error in errors[:shown]]
    if len(errors) > shown:
        lines.append(_("and %(n)s more.") % {"n": len(errors) - shown})
    return "\n".join(lines)


class _RollAbort(Exception):
    """Raised inside the transaction to roll back a preview or a refused import."""


def roll_import(*, user, contingent, roll, commit=True, filename="", as_of=None, progress=None):
    """Validate every row of `roll` (imports.RollFile) for `contingent`; store all of it or nothing.

    The rows are matched with what is stored (roll_match.py), then written (roll_write.py), in one transaction. A
    row's person is matched by country + service number (updated, not duplicated); its tour by person,
    contingent and arrival date. Rows that change nothing are left alone, so importing the same file twice
    changes nothing. With `commit=False` (the preview) nothing is stored, but the counts are exact. Every
    write is in the change log under one request id (the batch), with the file's name as its message.
    `progress(done, total, step=…)` hears how many rows are checked (core.jobs.JobProgress).

    A "Site" column says where each officer is posted as of the file (`as_of`, today when omitted): a tour never
    posted is posted there from its arrival (or from the day the site opened, if later); a tour posted elsewhere
    moves there on `as_of`, its earlier postings kept as history. A tour already posted there is left alone.
    """
    result = RollImportResult()
    try:
        with transaction.atomic():
            context = current_context()
            with change_context(user=user, request_id=context.request_id if context else None,
                                message=_("Roll import: %s") % filename if filename else _("Roll import")) as batch:
                result.request_id = batch.request_id
                changes = roll_match(user=user, contingent=contingent, roll=roll,
                                     as_of=as_of or timezone.localdate(), filename=filename, progress=progress)
                result.counts_from(changes)
                if not result.errors and commit:
                    if progress:
                        progress(len(roll.rows), len(roll.rows), step=_("Storing the roll"))
                    roll_changes_write(user=user, changes=changes)
            if result.errors or not commit:
                raise _RollAbort
    except _RollAbort:
        return result
    result.committed = True
    return result


def tour_records_set(*, user, tours, model, since, **values):
    """For each of `tours`, its `model` record dated `since` (a duty status, a posting) with `values`: created, or
    the one of that day changed. Returns them. Call inside a transaction: a record the model refuses (naming the
    officer) or outside the user's scope raises, and the caller's transaction keeps none of them.
    """
    changed = []
    for tour in tours:
        record = model.objects.filter(tour=tour, since=since).first() or model(tour=tour, since=since)
        for name, value in values.items():
            setattr(record, name, value)
        try:
            record_store(user=user, record=record)
        except ValidationError as error:
            raise ValidationError(_("%(person)s: %(reason)s") % {
                "person": tour.person, "reason": " ".join(m for ms in error.message_dict.values() for m in ms)}
            ) from None
        changed.append(record)
    return changed


@transaction.atomic
def duty_status_set(*, user, tours, since, status, reason=""):
    """Give each of `tours` the duty `status` from `since` (replacing a status of the same day). Returns them.

    All or nothing: a tour the date does not fall in, or outside the user's scope, refuses the whole change.
    """
    return tour_records_set(user=user, tours=tours, model=DutyStatus, since=since, status=status, reason=reason)


@transaction.atomic
def postings_set(*, user, tours, site, since, reason=""):
    """Post each of `tours` to `site` from `since` (replacing a posting of the same day). Returns the postings.

    All or nothing: a tour the date does not fall in, a site of another mission or not open that day, or a
    posting outside the user's scope refuses the whole change, naming the officer.
    """
    return tour_records_set(user=user, tours=tours, model=Posting, since=since, site=site, reason=reason)
