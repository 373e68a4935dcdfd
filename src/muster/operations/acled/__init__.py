"""ACLED's event data in and out: its CSV imported into a mission's incidents, and any list of incidents written
back in ACLED's columns, as HXL-tagged CSV and as GeoJSON.

The import works as the roll's does (force: imports, roll_match, roll_write), in three steps and one transaction:

- parsing (`acled_rows_read`, `acled_row_parse`): the file into rows keyed by ACLED's column names and each cell
  into a value — dates as ACLED writes them ("23 February 2025", or ISO from its API), inter codes as numbers or as
  ACLED's newer names ("State forces"), associated actors split on "; ";
- matching (`acled_match`): each row against what the mission holds, by `event_id_cnty` (a re-import updates the
  fields ACLED carries that changed and leaves unchanged rows alone), its event type by (event type, sub-event
  type), its actors by name (created with their inter code when new), its point placed by the model
  (Incident.place) and checked against the department and commune the file names, its fatalities as a toll of
  people killed whose group is not known, ACLED cited with the row's `source` as the quote. Every refusal is a
  RowError naming the row and ACLED's column;
- writing (`acled_changes_write`): bulk inserts and updates, the importer's scope, one change-log batch — as the
  roll's, for the reason core/store.py gives (bench/acled_import.py measures it against a store per row).

What Muster adds to an incident and ACLED does not carry — its title once edited, classification, site, units,
personnel involved, its other tolls, casualties and citations — an import never changes. A row that would move an
incident with the mission's own casualties to another day is refused: that correction is made on the incident's
page, where the casualties' duty statuses and movements move with it (operations.services.incident_store).

ACLED's data may not be redistributed: nothing of it ships with Muster; tests write their own files in its format.

Modules: `parsing`, `matching`, `writing` (the import's three steps), `export`; the import as one act, its outcome
and its background job are here.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from muster.core.changelog import change_context, current_context

from ..models import Classification
from .matching import acled_match
from .parsing import AcledFileError, acled_rows_read
from .writing import AcledRefused, acled_changes_write


@dataclass
class AcledImportResult:
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    actors_created: int = 0
    preview: list = field(default_factory=list)
    request_id: object = None
    committed: bool = False

    def counts_from(self, changes):
        self.errors += changes.errors
        self.created, self.updated, self.unchanged = len(changes.incidents_new), changes.updated, changes.unchanged
        self.actors_created = len(changes.actors_new)
        self.preview = changes.preview

    @property
    def changed(self):
        return self.created + self.updated


class _Abort(Exception):
    """Raised inside the transaction to roll back a preview or a refused import."""


def acled_import(*, user, mission, acled, classification=Classification.RESTRICTED, commit=True, filename="",
                 progress=None):
    """Check every row of `acled` (AcledFile) for `mission` and store all of it or nothing.

    The rows are matched with what is stored (`acled_match`), then written (`acled_changes_write`), in one
    transaction; every write is in the change log under one request id (the batch), with the file's name as its
    message. With `commit=False` (the preview) nothing is stored, but the counts are exact. New incidents get
    `classification`; an incident already imported keeps its own. `progress(done, total, step=…)` hears how many
    rows are checked (core.jobs.JobProgress). Raises PermissionDenied when a write would fall outside what `user`
    may change.
    """
    result = AcledImportResult()
    message = _("ACLED import: %s") % filename if filename else _("ACLED import")
    try:
        with transaction.atomic():
            context = current_context()
            with change_context(user=user, request_id=context.request_id if context else None,
                                message=message) as batch:
                result.request_id = batch.request_id
                changes = acled_match(user=user, mission=mission, acled=acled, classification=classification,
                                      progress=progress)
                result.counts_from(changes)
                if not result.errors and commit:
                    if progress:
                        progress(len(acled.rows), len(acled.rows), step=_("Storing the incidents"))
                    try:
                        acled_changes_write(user=user, changes=changes)
                    except AcledRefused as refused:
                        result.errors += refused.errors
            if result.errors or not commit:
                raise _Abort
    except _Abort:
        return result
    result.committed = True
    return result


def acled_import_outcome(*, mission, result):
    """What a stored import changed, in one sentence for its user."""
    return _("Imported ACLED's events into %(mission)s: %(created)s incidents added, %(updated)s updated, "
             "%(unchanged)s unchanged, %(actors)s actors added.") % {
        "mission": mission.code, "created": f"{result.created:,}", "updated": f"{result.updated:,}",
        "unchanged": f"{result.unchanged:,}", "actors": f"{result.actors_created:,}"}


def errors_text(errors, shown=200):
    """Errors one a line, the first `shown` of them (as the import's page shows them)."""
    lines = [str(error) for error in errors[:shown]]
    if len(errors) > shown:
        lines.append(_("and %(n)s more.") % {"n": len(errors) - shown})
    return "\n".join(lines)


def acled_import_job(*, job, progress, mission, classification, token, filename):
    """A previewed ACLED file stored as a job (core.jobs), for a file too large to store while its user waits.

    The file is the one the preview kept (core.PendingUpload, for the job's user only); the mission is read again
    within the user's scope. The job leads to the import's batch of changes, or names every refused row.
    """
    from django.urls import reverse

    from muster.core.jobs import JobFailed, JobResult
    from muster.core.models import PendingUpload
    from muster.missions.models import Mission

    user = job.user
    content = PendingUpload.fetch(user=user, token=token)
    mission = Mission.objects.restrict(user, "view").filter(pk=mission).first()
    if content is None or mission is None:
        raise JobFailed(_("That upload has expired; send the file again."))
    progress(0, step=_("Reading %(file)s") % {"file": filename})
    try:
        acled = acled_rows_read(content=content, filename=filename)
    except AcledFileError as error:
        raise JobFailed(errors_text(error.errors)) from None
    progress(0, len(acled.rows), step=_("Checking %(rows)s rows") % {"rows": f"{len(acled.rows):,}"})
    result = acled_import(user=user, mission=mission, acled=acled, classification=classification, commit=True,
                          filename=filename, progress=progress)
    if result.errors:  # the incidents changed between the preview and the commit
        raise JobFailed(_("Nothing was stored:") + "\n" + errors_text(result.errors))
    PendingUpload.objects.filter(user=user, token=token).delete()
    return JobResult(message=acled_import_outcome(mission=mission, result=result),
                     url=reverse("operations:acled_batch", args=[result.request_id]))
