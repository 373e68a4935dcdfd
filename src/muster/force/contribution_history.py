"""A published contribution table (IPI monthly, UN by gender) imported: its figures as claims of the table and, for a
mission whose strength Muster does not otherwise record, the history they imply.

A table gives, for each of its dates, every contributor's personnel by category, men and women. A figure stands for
the end of its date: IPI dates each month's rows on the month's last day (every one of the 52 dates of MINUSTAH's
2,747 rows, 2009-11-30 to 2014-02-28, is one: the day the UN's monthly report counts), and the UN's table names its
"Last_Reporting_Date". So the history is built so that
Muster's strength at the end of each table date (force.selectors.strength_at, summed from movements) equals the table
exactly, per country, category and sex: on the first date everyone arrives; on each later date the change since the
previous one arrives or departs, dated that day. A country or category missing from a date has nobody that day.

The history is built only for a mission that has no movements of its own (none but those cited by a contribution
table): where people record the mission's movements, a published table is a second opinion, kept as claims beside
them, never written over them (DESIGN.md, principle 1). It extends forward only: a table's dates on or before the
last day of the history already built stay claims (re-importing a table adds nothing; a later month extends it).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from muster.core.changelog import change_context, current_context, log_bulk, serialize
from muster.core.models import ObjectChange
from muster.missions.models import Country, Mission, PersonnelCategory

from .contributions import READERS, ContributionFileError
from .models import Contingent, Movement
from .selectors import strength_at

CONTRIBUTION_PUBLISHERS = {"ipi": "International Peace Institute",
                           "un": "United Nations Department of Peace Operations"}
# A contribution table's Source is titled "<file name> (IPI contribution table)": how its movements are told from
# a mission's own (sources kept their title since the first imports).
TABLE_TITLE_END = " contribution table)"
BATCH = 2000


def table_source_title(*, filename, fmt):
    return f"{filename} ({fmt.upper()}{TABLE_TITLE_END}"


@transaction.atomic
def contributions_import(*, mission, contributions, source):
    """Record published contribution figures as claims of `source`: strength, men and women per country,
    category and date. Figures the source already holds are skipped, so importing a table twice adds nothing.
    Returns the claims created.
    """
    from muster.sources.models import Claim

    held = set(Claim.objects.filter(source=source, mission=mission).values_list("as_of", "category", "metric",
                                                                                 "countries"))
    claims, countries, logged = [], [], []
    for c in contributions:
        for metric, value in ((Claim.Metric.STRENGTH, c.total), (Claim.Metric.MEN, c.men),
                              (Claim.Metric.WOMEN, c.women)):
            if (c.as_of, c.category, metric, c.country) in held:
                continue
            claim = Claim(source=source, mission=mission, category=c.category, metric=metric, as_of=c.as_of,
                          value=value, status=Claim.Status.UNREVIEWED,
                          quote=f"{c.country} {c.category} {c.as_of}: {c.men} men, {c.women} women")
            claim.full_clean(exclude=["source", "mission"], validate_unique=False, validate_constraints=False)
            claims.append(claim)
            countries.append(c.country)
            # Serialized before it has a key: a stored claim's countries would be read back one query each.
            logged.append(serialize(claim) | {"countries": [c.country]})
    Claim.objects.bulk_create(claims, batch_size=BATCH)
    Claim.countries.through.objects.bulk_create(
        [Claim.countries.through(claim_id=claim.pk, country_id=iso3) for claim, iso3 in zip(claims, countries,
                                                                                              strict=True)],
        batch_size=BATCH)
    for claim, iso3 in zip(claims, countries, strict=True):
        claim.country_iso3 = iso3  # for the scope check, without reading the links back
    with _batch(f"Contribution table: {source.title}"):
        log_bulk([(claim, ObjectChange.Action.CREATE, None, after)
                  for claim, after in zip(claims, logged, strict=True)])
    return claims


def _batch(message):
    """The change-log batch of the caller, or one of the import's own when it has none (a test, a shell)."""
    from contextlib import nullcontext

    return nullcontext() if current_context() is not None else change_context(message=message)


# --- The history -------------------------------------------------------------------------------------------------


@dataclass
class ContributionHistory:
    """What an import did to the mission's history."""

    own_movements: bool = False  # the mission records its own movements: the table stayed claims only
    contingents: int = 0  # contingents created
    movements: int = 0  # movements created
    dates: list = field(default_factory=list)  # the table dates the history now reaches, first and last of them
    earlier_dates: int = 0  # table dates on or before the history's last day already: claims only


def table_movements(mission):
    """The movements of `mission` built from a contribution table: those citing a table as their source."""
    from muster.sources.models import Citation

    cited = Citation.objects.filter(content_type=ContentType.objects.get_for_model(Movement),
                                    source__title__endswith=TABLE_TITLE_END,
                                    source__publisher__in=CONTRIBUTION_PUBLISHERS.values())
    return Movement.objects.filter(contingent__mission=mission, pk__in=cited.values("object_id"))


def history_build(*, user, mission, contributions, source, progress=None):
    """Movements of `mission` from its table figures `contributions` (contributions.Contribution), each citing
    `source`, so that its strength at the end of each table date equals the table (see the module's docstring).

    Call inside the import's transaction: a figure dated outside the mission, or a record outside `user`'s scope,
    raises and nothing is kept. `progress(done, total, step=…)` hears each date. Bulk writes: the queries do not
    grow with the table (but for its batches of 2,000 inserts).
    """
    history = ContributionHistory()
    movements = Movement.objects.filter(contingent__mission=mission)
    if movements.exclude(pk__in=table_movements(mission).values("pk")).exists():
        history.own_movements = True
        return history
    last = movements.aggregate(last=Max("date"))["last"]
    by_date = defaultdict(dict)
    for c in contributions:
        by_date[c.as_of][(c.country, c.category)] = c
    dates = sorted(d for d in by_date if last is None or d > last)
    history.earlier_dates = len(by_date) - len(dates)
    if not dates:
        return history
    _dates_check(mission=mission, figures=[c for d in dates for c in by_date[d].values()])
    # A contingent for each country and category with someone in it on a date (the UN's table lists some with nobody).
    contingents = _contingents_ensure(mission=mission, keys={key for d in dates for key, figure in by_date[d].items()
                                                             if figure.total})
    history.contingents = sum(1 for c in contingents.values() if c.created_now)
    names = {iso3: c.country.name for (iso3, _category), c in contingents.items()}
    held = {} if last is None else {(r.country, r.category): (r.men, r.women)
                                    for r in strength_at(mission=mission, on=last, by=("country", "category")).rows}
    made = []
    for n, day in enumerate(dates):
        if progress:
            progress(n, len(dates), step=_("Building the history: %(date)s") % {"date": day.isoformat()})
        figures = by_date[day]
        for key in sorted(set(held) | set(figures)):
            figure = figures.get(key)
            men, women = (figure.men, figure.women) if figure else (0, 0)
            before = held.get(key, (0, 0))
            if (men, women) != before:
                made += _movements_for(contingent=contingents[key], day=day, figure=figure, name=names[key[0]],
                                       change=(men - before[0], women - before[1]), source=source)
            held[key] = (men, women)
    if progress:
        progress(len(dates), len(dates), step=_("Storing %(n)s movements") % {"n": f"{len(made):,}"})
    _movements_store(user=user, made=made, contingents=contingents, source=source)
    history.movements = len(made)
    history.dates = [dates[0], dates[-1]]
    return history


def _dates_check(*, mission, figures):
    """Refuse figures dated before the mission began or after it ended, naming their rows: no movement may be."""
    from .imports import RowError

    errors = []
    for c in sorted(figures, key=lambda c: c.rows):
        outside = c.as_of < mission.start or (mission.end is not None and c.as_of > mission.end)
        if outside:
            errors += [RowError(row, "Date", _("%(date)s is outside %(mission)s (%(start)s to %(end)s).") % {
                "date": c.as_of, "mission": mission.code, "start": mission.start, "end": mission.end or "…"})
                for row in c.rows]
    if errors:
        raise ContributionFileError(sorted(set(errors), key=lambda e: (e.row, e.column)))


def _contingents_ensure(*, mission, keys):
    """{(iso3, category): Contingent} of `mission` for `keys`, the missing ones created (marked `created_now`)."""
    # With their countries and mission: a contingent's name (the change log's) reads both.
    found = {(c.country_id, c.category): c for c in Contingent.objects.filter(mission=mission).select_related(
        "country", "mission")}
    for contingent in found.values():
        contingent.created_now = False
    missing = sorted(key for key in keys if key not in found)
    countries = Country.objects.in_bulk({iso3 for iso3, _category in missing})
    new = [Contingent(mission=mission, country=countries[iso3], category=category) for iso3, category in missing]
    Contingent.objects.bulk_create(new, batch_size=BATCH)
    for contingent in new:
        contingent.created_now = True
        found[contingent.country_id, contingent.category] = contingent
    return found


def _movements_for(*, contingent, day, figure, name, change, source):
    """The arrival and/or departure on `day` that take `contingent` to the table's `figure`: men and women move
    apart (a month may bring two more men and two fewer women), so a change may need one of each. With each, the
    citation of the table: the figure it reaches, and the row it is in."""
    from muster.sources.models import Citation

    label = PersonnelCategory(contingent.category).label
    if figure is None:
        quote = _("%(country)s %(category)s %(date)s: no row, nobody") % {
            "country": name, "category": label, "date": day.isoformat()}
        locator = _("no row for %(iso3)s on %(date)s") % {"iso3": contingent.country_id, "date": day.isoformat()}
    else:
        quote = _("%(country)s %(category)s %(date)s: %(men)s men, %(women)s women") % {
            "country": name, "category": label, "date": day.isoformat(), "men": f"{figure.men:,}",
            "women": f"{figure.women:,}"}
        locator = ngettext("row %(rows)s", "rows %(rows)s", len(figure.rows)) % {
            "rows": ", ".join(map(str, figure.rows))}
    men, women = change
    made = []
    for kind, sign in ((Movement.Kind.ARRIVAL, 1), (Movement.Kind.DEPARTURE, -1)):
        moved_men, moved_women = max(sign * men, 0), max(sign * women, 0)
        if moved_men + moved_women:
            movement = Movement(contingent=contingent, kind=kind, date=day, count=moved_men + moved_women,
                                men=moved_men, women=moved_women, unknown=0,
                                note=_("From the published table %(title)s") % {"title": source.title})
            citation = Citation(source=source, quote=quote, locator=locator[:100])
            made.append((movement, citation))
    return made


def _movements_store(*, user, made, contingents, source):
    """Store the movements and their citations in bulk, check `user` may add them (and the contingents created),
    and log all of it in the import's batch."""
    from muster.sources.models import Citation

    for movement, _citation in made:
        movement.contingent = movement.contingent  # its key, for a contingent created by this import
        try:
            movement.clean_fields(exclude=["contingent"])  # counts within bounds; no query
        except ValidationError as error:
            raise ContributionFileError([str(error)]) from None
    Movement.objects.bulk_create([m for m, _c in made], batch_size=BATCH)
    content_type = ContentType.objects.get_for_model(Movement)
    for movement, citation in made:
        citation.content_type, citation.object_id = content_type, movement.pk
    Citation.objects.bulk_create([c for _m, c in made], batch_size=BATCH)
    created = [c for c in contingents.values() if c.created_now]
    if user is not None:
        scope_check(user=user, records=created, country=lambda c: c.country_id)
        scope_check(user=user, records=[m for m, _c in made], country=lambda m: m.contingent.country_id)
    log_bulk([(record, ObjectChange.Action.CREATE, None, serialize(record))
              for record in [*created, *(m for m, _c in made), *(c for _m, c in made)]])


def scope_check(*, user, records, country):
    """Refuse (PermissionDenied, naming the country) unless `user` may add every one of `records` (just stored).

    A record's scope here is its mission and its `country`: records of one model, mission and country stand or fall
    together, so one of each country is asked about, in one query."""
    sample = {}
    for record in records:
        sample.setdefault(country(record), record)
    if not sample:
        return
    model = type(next(iter(sample.values())))
    allowed = set(model.objects.restrict(user, "add").filter(pk__in=[r.pk for r in sample.values()])
                  .values_list("pk", flat=True))
    refused = sorted(iso3 for iso3, record in sample.items() if record.pk not in allowed)
    if refused:
        names = dict(Country.objects.filter(pk__in=refused).values_list("iso3", "name"))
        raise PermissionDenied(_("The table's figures for %(countries)s lie outside what you may add; nothing was "
                                 "saved.") % {"countries": ", ".join(names.get(i, i) for i in refused)})


# --- The import --------------------------------------------------------------------------------------------------


@dataclass
class ContributionTableResult:
    created: int  # claims added
    rows: int  # the table's figures for the mission (country, category and date)
    other_missions: int  # figures of other missions in the table, left alone
    source: object
    history: ContributionHistory = field(default_factory=ContributionHistory)


def contribution_table_read(*, content, fmt, mission):
    """The table's figures for `mission`, and how many of other missions it holds. Unreadable rows raise
    contributions.ContributionFileError naming each row, column and reason; so does a table with no row for it."""
    from .imports import RowError

    figures = READERS[fmt](content=content)
    mine = [f for f in figures if f.mission == mission.code]
    if not mine:
        found = sorted({f.mission for f in figures})
        reason = _("no row is for %(mission)s (the table has: %(found)s).") % {
            "mission": mission.code, "found": ", ".join(found) or _("none")}
        raise ContributionFileError([RowError(None, "Mission", reason)])
    return mine, len(figures) - len(mine)


def table_rows(figures):
    """How many of the file's rows `figures` come from: what decides whether an import runs as a job."""
    return len({row for figure in figures for row in figure.rows})


def contribution_table_import(*, user, mission, content, filename, fmt, progress=None):
    """Read an IPI or UN contribution table and record its figures for `mission`: claims of the table, and the
    history they imply where the mission records no movements of its own (history_build).

    The table is the source (one per file name and format, reused on a second import, which adds nothing). Unreadable
    rows raise contributions.ContributionFileError naming each row, column and reason, and nothing is stored; so does
    a table with no row for the mission. With a `user`, every claim, contingent and movement must lie in what they
    may add (a liaison: their own country), or none is kept. The claims and the history are one change-log batch.
    """
    from muster.sources.models import Source

    if progress:
        progress(0, step=_("Reading %(file)s") % {"file": filename})
    mine, other_missions = contribution_table_read(content=content, fmt=fmt, mission=mission)
    title = table_source_title(filename=filename, fmt=fmt)
    with transaction.atomic(), _batch(f"Contribution table: {title}"):
        # Two imports for one mission at once would each build its history from the same last day: one waits for
        # the other (PostgreSQL; SQLite's writers are serialized whole).
        list(Mission.objects.select_for_update().filter(pk=mission.pk).values_list("pk", flat=True))
        source, _created = Source.objects.get_or_create(
            kind=Source.Kind.DATASET, title=title, publisher=CONTRIBUTION_PUBLISHERS[fmt],
            defaults={"reliability": "B", "credibility": "2"})
        claims = contributions_import(mission=mission, contributions=mine, source=source)
        if user is not None:
            scope_check(user=user, records=claims, country=lambda claim: claim.country_iso3)
        history = history_build(user=user, mission=mission, contributions=mine, source=source, progress=progress)
    return ContributionTableResult(created=len(claims), rows=len(mine), other_missions=other_missions,
                                   source=source, history=history)


def contribution_table_outcome(*, mission, filename, result):
    """What an import did, in words for its user (the page, the job, the command)."""
    text = _("%(created)s claims added from %(rows)s figures of %(file)s for %(mission)s (%(other)s figures of other "
             "missions left alone).") % {"created": result.created, "rows": result.rows, "file": filename,
                                         "mission": mission.code, "other": result.other_missions}
    history = result.history
    if history.own_movements:
        return text + " " + _("%(mission)s records its own movements: the table stays published figures beside "
                              "them, and no movement was built from it.") % {"mission": mission.code}
    if history.movements or history.contingents:
        text += " " + _("History built from %(first)s to %(last)s: %(contingents)s contingents and %(movements)s "
                        "movements added, each citing the table.") % {
            "first": history.dates[0], "last": history.dates[-1], "contingents": history.contingents,
            "movements": history.movements}
    if history.earlier_dates:
        text += " " + ngettext(
            "%(n)s date of the table is on or before the history's last day: it stays published figures only.",
            "%(n)s dates of the table are on or before the history's last day: they stay published figures only.",
            history.earlier_dates) % {"n": history.earlier_dates}
    return text


def contribution_table_job(*, job, progress, mission, fmt, token, filename):
    """A contribution table imported as a job (core.jobs), for a table too large to import while its user waits.

    The file waits in core.PendingUpload for the job's user only; the mission is read again within their scope. The
    job leads to the table's source (its claims), or names every refused row.
    """
    from muster.core.jobs import JobFailed, JobResult
    from muster.core.models import PendingUpload

    user = job.user
    content = PendingUpload.fetch(user=user, token=token)
    mission = Mission.objects.restrict(user, "view").filter(pk=mission).first()
    if content is None or mission is None:
        raise JobFailed(_("That upload has expired; send the file again."))
    try:
        result = contribution_table_import(user=user, mission=mission, content=content, filename=filename, fmt=fmt,
                                           progress=progress)
    except ContributionFileError as error:
        raise JobFailed(_("Nothing was stored:") + "\n" + "\n".join(str(e) for e in error.errors[:200])) from None
    PendingUpload.objects.filter(user=user, token=token).delete()
    return JobResult(message=contribution_table_outcome(mission=mission, filename=filename, result=result),
                     url=result.source.get_absolute_url())

