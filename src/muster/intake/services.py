"""Intake's writes: a statement stored with the records it proposes (nothing else), and proposals reviewed —
accepted into records that cite the statement's source, edited, or rejected.

Submitting writes only the Statement and its Proposals. Accepting writes, in one transaction and one batch of the
change log, the statement's Source (once), each record through its app's own store (force's movement, sources'
claim, funding's transaction: validated, scope-checked, cited) and the proposals' new status; a proposal someone
else changed since the reviewer read it (its `version`) is refused as a stale edit, and then nothing is written.

Matching (decided here, documented in docs of the page): a proposed movement is the same as a recorded one of the
mission when country, kind and count are equal, the category too where the statement names one, and the dates are
at most MATCH_DAYS apart (a statement published the day after an arrival, or a departure reported on landing, is
dated a day or two off; two contingents of the same size and country arriving within a week are rare, and the
reviewer sees the match and can edit the proposal). It is then proposed as a citation on that movement.

A country's participation (it joins, or pledges personnel) is its contingent of the mission in the category the
statement or the reviewer gives: made when absent, its pledged strength set when the statement gives another count,
and otherwise (the contingent as the statement says) only cited. A person named to a post is an appointment.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from muster.core.changelog import change_context, current_context, log_bulk, serialize
from muster.core.models import ObjectChange, StaleEditError
from muster.core.permissions import enforce_scope, permission_filter
from muster.core.store import record_store
from muster.force.models import Contingent, Movement
from muster.force.selectors import strength_at
from muster.funding.models import FundingFlow, Transaction
from muster.funding.money import currency_valid, to_minor
from muster.funding.services import funding_record
from muster.missions.models import Appointment, Country
from muster.operations.models import Classification, Incident, Toll
from muster.operations.services import incident_store
from muster.sources.models import Claim, Source
from muster.sources.services import citation_attach, record_store_cited

from .models import Proposal, Statement

MATCH_DAYS = 3
# A statement is a page or a few: 30,000 characters (some 5,000 words) is a long report's worth, and its review page,
# the text with its proposals, stays within the page budget (DESIGN.md, principle 4; tests/intake/test_pages.py).
TEXT_MAX_CHARACTERS = 30_000
PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
# The metrics a claim is compared on, and the strength column that gives each.
COMPARED = {Claim.Metric.STRENGTH: "total", Claim.Metric.MEN: "men", Claim.Metric.WOMEN: "women"}


def statement_submit(*, user, mission, text, publisher, published, language=None, filename="", source=None,
                     reading=None):
    """Store the statement `text` for `user` with the records it proposes, and nothing else; the Statement.

    `reading` is the statement already read (intake.reading.statement_read), for a caller that has it; otherwise it
    is read here. Refused with a ValidationError naming the field (text empty, too long or not text; published
    before the mission; a currency that is not ISO 4217): nothing is stored then."""
    text = (text or "").replace("\r\n", "\n")
    if not text.strip():
        raise ValidationError({"text": _("The statement is empty: paste its text or send its file.")})
    if len(text) > TEXT_MAX_CHARACTERS:
        raise ValidationError({"text": _("The statement has %(n)s characters; the limit is %(max)s. Send the part "
                                         "that gives the figures.") % {"n": f"{len(text):,}",
                                                                       "max": f"{TEXT_MAX_CHARACTERS:,}"}})
    if "\x00" in text:
        raise ValidationError({"text": _("This is not text (it holds binary data): send a .txt, .html or .pdf.")})
    if published < mission.start:
        raise ValidationError({"published_on": _("%(mission)s started on %(start)s; a statement about it published "
                                                 "on %(date)s is earlier.") % {"mission": mission.code,
                                                                              "start": mission.start,
                                                                              "date": published}})
    if published > timezone.localdate() + datetime.timedelta(days=1):  # a day's grace for the time zones
        raise ValidationError({"published_on": _("%(date)s has not come yet: give the day it was published.")
                               % {"date": published}})
    if reading is None:
        from .reading import StatementError, statement_read  # the reading engine, imported when it is needed

        try:
            reading = statement_read(text, published=published, language=language or None)
        except StatementError as error:
            raise ValidationError({"text": str(error)}) from None
    for number, proposal in enumerate(reading.proposals, start=1):
        currency = proposal.fields.get("currency") if proposal.kind == Proposal.Kind.FUNDING else None
        if currency is not None and not currency_valid(currency):
            raise ValidationError({"text": _("Proposal %(n)s (“%(words)s”): “%(currency)s” is "
                                             "not an ISO 4217 currency (e.g. USD, EUR, CAD); nothing was stored.")
                                   % {"n": number, "words": text[proposal.span.start:proposal.span.end],
                                      "currency": currency}})
    with transaction.atomic():
        statement = record_store(user=user, record=Statement(
            mission=mission, text=text, publisher=publisher, published_on=published,
            language=language or reading.language, language_detected=not language and reading.language_detected,
            filename=filename[:200], submitted_by=user if getattr(user, "pk", None) else None,
            country_id=getattr(user, "country_id", None), source=source))
        subjects = {_subject(found.kind, found.fields) for found in reading.proposals}
        countries = set(Country.objects.filter(pk__in=subjects - {None}).values_list("iso3", flat=True))
        proposals = [
            Proposal(statement=statement, kind=found.kind, fields=found.fields, start=found.span.start,
                     end=found.span.end, hedged=found.hedged, note=(found.note or "")[:300],
                     country_id=_subject(found.kind, found.fields) if _subject(found.kind, found.fields) in countries
                     else None)
            for found in reading.proposals
        ]
        for proposal, match in zip(proposals, proposals_match(mission=mission, proposals=proposals), strict=True):
            proposal.match = match
            proposal.full_clean()
        # As the system: the statement's store checked the submitter's scope; proposals about other countries are
        # kept for the mission's staff, unseen by the liaison who submitted them.
        Proposal.objects.bulk_create(proposals)
        log_bulk([(proposal, ObjectChange.Action.CREATE, None, serialize(proposal)) for proposal in proposals])
    return statement


def _subject(kind, fields):
    """The country a proposal is about (its scope): a movement's, claim's or participation's; a funding's donor."""
    return (fields.get("donor") if kind == Proposal.Kind.FUNDING else fields.get("country")) or None


def _day(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def proposals_match(*, mission, proposals, movements=None):
    """For each proposal, what it matches among `mission`'s records (a dict, Proposal.match): {"movement": id} for a
    movement already recorded, {"computed": n} for a claim compared with the strength computed on its date,
    {"flows": [ids]} for funding, the donor's flows in the mission, {"contingent": id} for a country's participation
    its contingent already holds (the same pledged strength, or none said). A fixed number of queries: one for the
    movements, one per distinct date of the claims, one for the flows, one for the contingents."""
    matches = [{} for _ in proposals]
    moved = [(i, p) for i, p in enumerate(proposals) if p.kind == Proposal.Kind.MOVEMENT and _day(p.fields.get("date"))]
    if moved:
        days = [_day(p.fields["date"]) for _, p in moved]
        window = datetime.timedelta(days=MATCH_DAYS)
        candidates = list((movements if movements is not None else Movement.objects.all()).filter(
            contingent__mission=mission, date__range=(min(days) - window, max(days) + window),
            contingent__country_id__in={p.fields.get("country") for _, p in moved},
        ).values("pk", "contingent__country_id", "contingent__category", "kind", "count", "date").order_by("pk"))
        for i, proposal in moved:
            found = _movement_match(proposal.fields, candidates)
            if found is not None:
                matches[i] = {"movement": found}
    claimed = [(i, p) for i, p in enumerate(proposals)
               if p.kind == Proposal.Kind.CLAIM and p.fields.get("metric") in COMPARED and _day(p.fields.get("as_of"))]
    strengths = {}
    for i, proposal in claimed:
        on = _day(proposal.fields["as_of"])
        if on < mission.start:
            continue
        if on not in strengths:
            strengths[on] = strength_at(mission=mission, on=on, by=("country", "category")).rows
        rows = [row for row in strengths[on]
                if (not proposal.fields.get("country") or row.country == proposal.fields["country"])
                and (not proposal.fields.get("category") or row.category == proposal.fields["category"])]
        matches[i] = {"computed": sum(getattr(row, COMPARED[proposal.fields["metric"]]) for row in rows)}
    funded = [(i, p) for i, p in enumerate(proposals) if p.kind == Proposal.Kind.FUNDING]
    if funded:
        flows = list(FundingFlow.objects.filter(mission=mission, donor__country_id__in={
            p.fields.get("donor") for _, p in funded}).values_list("pk", "donor__country_id").order_by("pk"))
        for i, proposal in funded:
            matches[i] = {"flows": [pk for pk, donor in flows if donor and donor == proposal.fields.get("donor")]}
    joined = [(i, p) for i, p in enumerate(proposals)
              if p.kind == Proposal.Kind.PARTICIPATION and not p.fields.get("person") and p.fields.get("country")]
    if joined:
        contingents = list(Contingent.objects.filter(
            mission=mission, country_id__in={p.fields["country"] for _, p in joined},
        ).values("pk", "country_id", "category", "pledged_strength").order_by("pk"))
        for i, proposal in joined:
            found = _contingent_match(proposal.fields, contingents)
            if found is not None:
                matches[i] = {"contingent": found}
    return matches


def _contingent_match(fields, candidates):
    """The key of the contingent (country and category) a participation describes as it stands, or None: a count
    other than its pledged strength is a change, not a match; without a category, nothing is matched yet."""
    same = [c for c in candidates if c["country_id"] == fields.get("country") and fields.get("category")
            and c["category"] == fields["category"]]
    count = _whole(fields.get("count"))
    return same[0]["pk"] if same and (count is None or same[0]["pledged_strength"] == count) else None


def _movement_match(fields, candidates):
    """The key of the recorded movement `fields` describes (nearest in date), or None."""
    day = _day(fields.get("date"))
    same = [c for c in candidates
            if c["contingent__country_id"] == fields.get("country") and c["kind"] == fields.get("kind")
            and c["count"] == _whole(fields.get("count"))
            and (not fields.get("category") or c["contingent__category"] == fields["category"])
            and abs((c["date"] - day).days) <= MATCH_DAYS]
    return min(same, key=lambda c: (abs((c["date"] - day).days), c["pk"]))["pk"] if same else None


def _whole(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def locator_of(text, start, end):
    """Where the words are in the statement, as a citation's locator: "paragraph 2, characters 120–188" (paragraphs
    are separated by blank lines, as pasted text and the text of a file read by intake.reading are)."""
    paragraph = 0
    for block in PARAGRAPH.finditer(text):
        if block.group().strip():
            paragraph += 1
        if block.end() > start:
            break
    return _("paragraph %(p)s, characters %(start)s–%(end)s") % {"p": max(paragraph, 1), "start": start,
                                                                         "end": end}


# --- Review ---------------------------------------------------------------------------------------------------------


def proposal_edit(*, user, proposal, version, fields):
    """Store the reviewer's `fields` (already checked by the kind's form, intake.forms) on a pending proposal read
    at `version`. Its scope follows the fields (a liaison cannot move it to another country's)."""
    with transaction.atomic():
        _pending(proposal, version)
        proposal.fields = fields
        subject = _subject(proposal.kind, fields)
        proposal.country_id = subject if subject and Country.objects.filter(pk=subject).exists() else None
        proposal.match = proposals_match(mission=proposal.statement.mission, proposals=[proposal])[0]
        return record_store(user=user, record=proposal)


def proposal_reject(*, user, proposal, version):
    """Mark a pending proposal read at `version` rejected; nothing else is written."""
    with transaction.atomic():
        _pending(proposal, version)
        proposal.status = Proposal.Status.REJECTED
        return record_store(user=user, record=proposal)


def proposals_accept(*, user, statement, accepted, reliability=Source.Reliability.F,
                     credibility=Source.Credibility.CANNOT_JUDGE, kind=Source.Kind.PRESS_STATEMENT):
    """Accept proposals of `statement`: `accepted` is [(proposal, version read, edited fields or None), …], each
    proposal one `user` may change (found within their scope). In one transaction and one batch of the change log:
    the statement's source (made once, graded `reliability` and `credibility`), then for each proposal its record
    with a citation of the source (quote: its words; locator: where they are), or a citation on the movement it
    matches. Returns the records written or cited, in order. Raises StaleEditError, ValidationError (each message
    naming the proposal) or PermissionDenied (a record the user may not write); nothing is written then."""
    if not accepted:
        return []  # nothing to cite: no source is made
    context = current_context()
    message = _("Intake of %(statement)s") % {"statement": statement}
    before = statement.source_id, statement.version
    try:
        with transaction.atomic(), change_context(user=user, request_id=context.request_id if context else None,
                                                  message=message):
            return _accepted_write(user=user, statement=statement, accepted=accepted, reliability=reliability,
                                   credibility=credibility, kind=kind)
    except BaseException:
        statement.source_id, statement.version = before  # the source made for it was rolled back with the rest
        raise


def _accepted_write(*, user, statement, accepted, reliability, credibility, kind):
    """The writes of proposals_accept, inside its transaction and batch."""
    source = _statement_source(statement, reliability=reliability, credibility=credibility, kind=kind)
    records, errors = [], []
    for proposal, version, fields in accepted:
        try:
            with transaction.atomic():
                _pending(proposal, version)
                if fields is not None:
                    proposal.fields = fields
                    subject = _subject(proposal.kind, fields)
                    proposal.country_id = subject if Country.objects.filter(pk=subject).exists() else None
                record = _record_write(user=user, proposal=proposal, source=source)
                proposal.status = Proposal.Status.ACCEPTED
                proposal.record_type = ContentType.objects.get_for_model(record)
                proposal.record_id = record.pk
                record_store(user=user, record=proposal)
                records.append(record)
        except ValidationError as error:
            errors.append(_proposal_error(proposal, error))
    if errors:
        raise ValidationError(errors)
    return records


def _proposal_error(proposal, error):
    where = _("%(kind)s “%(words)s”") % {"kind": proposal.get_kind_display(), "words": proposal.words}
    parts = []
    for field, messages in (error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]):
        label = "" if field in (None, "__all__") else f"{field}: "
        parts += [f"{label}{message}" for message in messages]
    return ValidationError(f"{where} \u2014 {'; '.join(parts)}", code="proposal")


def _pending(proposal, version):
    """Refuse a proposal changed since `version` was read, or already reviewed, as a stale edit."""
    if proposal.status != Proposal.Status.PENDING:
        # Its label, not its str(), which adds the status the message says.
        raise StaleEditError(_("%(proposal)s was already reviewed (%(status)s) by someone else. Reload the "
                               "statement.") % {"proposal": proposal.label, "status": proposal.get_status_display()})
    proposal.version = version  # the save claims the next version only if nobody saved since (core.models)


def _statement_source(statement, *, reliability, credibility, kind):
    """The source the statement's records cite: the one named or made before, else a new one from the statement.
    Read under a lock on the statement: two reviewers accepting its first proposals at once make one source."""
    statement.source_id, statement.version = (Statement._base_manager.select_for_update().filter(pk=statement.pk)
                                              .values_list("source_id", "version").get())
    if statement.source_id:
        return statement.source
    source = Source(kind=kind, title=_statement_title(statement.text), publisher=statement.publisher,
                    published_on=statement.published_on, language=statement.language, text=statement.text,
                    reliability=reliability, credibility=credibility)
    record_store(user=None, record=source)  # as citation_attach stores a new source: part of the records' write
    statement.source = source
    record_store(user=None, record=statement)
    return source


def _statement_title(text, length=120):
    first = " ".join(text.split())
    return first if len(first) <= length else first[:length - 1].rsplit(" ", 1)[0] + "\u2026"


def _record_write(*, user, proposal, source):
    """Write (or cite) the record `proposal` describes, citing `source` with its words and their place."""
    model = record_model(proposal)
    if model is None:
        raise ValidationError(_("Muster keeps no record of this kind yet: record it by hand, or reject it."))
    locator = locator_of(proposal.statement.text, proposal.start, proposal.end)
    return _WRITES[model](user=user, proposal=proposal, source=source, quote=proposal.words, locator=locator)


def record_model(proposal):
    """The model of the record accepting `proposal` writes or cites (its writer in _WRITES), whose own grants say who
    may accept it (J3 reviews statements but keeps no movements); None for a kind Muster keeps no record of."""
    if proposal.kind == Proposal.Kind.PARTICIPATION:
        return Appointment if proposal.fields.get("person") else Contingent
    return {Proposal.Kind.MOVEMENT: Movement, Proposal.Kind.CLAIM: Claim, Proposal.Kind.FUNDING: Transaction,
            Proposal.Kind.INCIDENT: Incident}.get(proposal.kind)


def record_addable(user, proposal):
    """Whether `user` may add the record accepting `proposal` writes: where they may not, Accept is not offered (the
    store would refuse it)."""
    model = record_model(proposal)
    return model is not None and permission_filter(user, model, "add") is not None


def _approximate(proposal):
    """What a record keeps of a hedged figure ("about 400"): that the source gave it as approximate."""
    return _("Approximate, as reported: “%(words)s”.") % {"words": proposal.words} if proposal.hedged else ""


def _movement_write(*, user, proposal, source, quote, locator):
    # Matched again now, against the movements as they stand: another statement's arrival accepted meanwhile is cited.
    mission, fields = proposal.statement.mission, proposal.fields
    movements = _scoped(Movement, user, "change")
    matched = Proposal(kind=Proposal.Kind.MOVEMENT, fields=fields)
    found = proposals_match(mission=mission, proposals=[matched], movements=movements)[0].get("movement")
    if found is not None:
        movement = movements.get(pk=found)
        citation_attach(record=movement, source=source, quote=quote, locator=locator)
        return movement
    contingents = list(Contingent.objects.filter(mission=mission, country_id=fields.get("country")).filter(
        **({"category": fields["category"]} if fields.get("category") else {})).select_related("mission"))
    country = Country.objects.filter(pk=fields.get("country")).first()
    name = country.name if country else fields.get("country") or "?"
    if not contingents:
        raise ValidationError({"country": _("%(mission)s has no contingent of %(country)s%(category)s: add it "
                                            "first, or edit the proposal.") % {
            "mission": mission.code, "country": name,
            "category": f" ({fields['category']})" if fields.get("category") else ""}})
    if len(contingents) > 1:
        raise ValidationError({"category": _("%(country)s has several contingents in %(mission)s: say which "
                                             "category.") % {"country": name, "mission": mission.code}})
    men, women = _whole(fields.get("men")) or 0, _whole(fields.get("women")) or 0
    count = _whole(fields.get("count"))
    movement = Movement(contingent=contingents[0], kind=fields.get("kind"), date=_day(fields.get("date")),
                        count=count, men=men, women=women, unknown=max((count or 0) - men - women, 0),
                        note=_approximate(proposal))
    # As force.services.movement_record stores one, with the citation's locator too (under the contingent's lock).
    return record_store_cited(user=user, record=movement, source=source, quote=quote, locator=locator)


def _claim_write(*, user, proposal, source, quote, locator):
    fields = proposal.fields
    mission = proposal.statement.mission
    value = _whole(fields.get("value"))
    computed = proposals_match(mission=mission, proposals=[proposal])[0].get("computed")
    note = " ".join(part for part in (_approximate(proposal), proposal.note) if part)
    if computed is not None and value is not None and computed != value:
        note = (_("Differs from the records: %(computed)s computed.") % {"computed": f"{computed:,}"}
                + (f" {note}" if note else ""))
    claim = Claim(source=source, mission=mission, category=fields.get("category") or "",
                  metric=fields.get("metric") or Claim.Metric.STRENGTH, as_of=_day(fields.get("as_of")), value=value,
                  quote=quote, note=note)
    countries = list(Country.objects.filter(pk=fields["country"])) if fields.get("country") else []
    return record_store_cited(user=user, record=claim, source=source, quote=quote, locator=locator,
                              many={"countries": countries})


def _transaction_write(*, user, proposal, source, quote, locator):
    fields = proposal.fields
    flows = _scoped(FundingFlow, user, "view").filter(mission=proposal.statement.mission)
    found = proposals_match(mission=proposal.statement.mission, proposals=[proposal])[0].get("flows") or []
    chosen = fields.get("flow") or (found[0] if len(found) == 1 else None)
    flow = flows.filter(pk=chosen).first() if chosen else None
    if flow is None:
        raise ValidationError({"flow": _("Choose the funding flow this transaction belongs to (the donor has none "
                                         "or several in this mission).")})
    currency = fields.get("currency") or "USD"
    if not currency_valid(currency):
        raise ValidationError({"currency": _("“%s” is not an ISO 4217 currency code.") % currency})
    try:
        amount = to_minor(Decimal(str(fields.get("amount"))), currency)
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({"amount": str(error)}) from None
    purposes = ", ".join(fields.get("purposes") or [])
    record = Transaction(flow=flow, type=fields.get("type"), date=_day(fields.get("date")), amount=amount,
                         currency=currency, description=(purposes or proposal.note)[:200])
    return funding_record(user=user, record=record, source=source, quote=quote, locator=locator)


def _incident_write(*, user, proposal, source, quote, locator):
    """The incident, through operations' own store (its casualties' rules, its place), then its tolls."""
    fields = proposal.fields
    missing = {name: _("Choose it: edit the proposal.") for name in ("event_type", "actor1") if not fields.get(name)}
    if missing:
        raise ValidationError(missing)
    incident = Incident(mission=proposal.statement.mission, title=(fields.get("title") or quote)[:200],
                        date=_day(fields.get("date")), event_type_id=fields["event_type"], actor1_id=fields["actor1"],
                        location=fields.get("location") or "", site_id=fields.get("site"), adm2_id=fields.get("adm2"),
                        narrative=quote,
                        classification=fields.get("classification") or Classification.RESTRICTED)
    incident_store(user=user, incident=incident, source=source, quote=quote, locator=locator)
    for toll in fields.get("tolls") or []:
        record_store(user=user, record=Toll(incident=incident, group=toll.get("group"), outcome=toll.get("outcome"),
                                            count=_whole(toll.get("count")), as_reported=quote[:100]))
    return incident


def _contingent_write(*, user, proposal, source, quote, locator):
    """The country's contingent in the category chosen: cited when it stands as the statement says, its pledged
    strength set when the statement gives another count, made when the mission has none (as the demo's pledges
    are, demo.record._pledge)."""
    fields, mission = proposal.fields, proposal.statement.mission
    if not fields.get("country"):
        raise ValidationError({"country": _("Say which country joins or pledges: edit the proposal.")})
    if not fields.get("category"):
        raise ValidationError({"category": _("Choose the contingent's category: edit the proposal.")})
    found = proposals_match(mission=mission, proposals=[proposal])[0].get("contingent")
    contingent = Contingent.objects.filter(mission=mission, country_id=fields["country"],
                                           category=fields["category"]).first()
    if contingent is not None and user is not None:
        # Cited or changed, it is theirs to keep: refused as any write outside their scope (a reader of the force
        # is not its keeper), not as a duplicate that would tell of a contingent they may not see.
        enforce_scope(user=user, instance=contingent, action="change")
    if found is not None:
        citation_attach(record=contingent, source=source, quote=quote, locator=locator)
        return contingent
    if contingent is None:
        contingent = Contingent(mission=mission, country_id=fields["country"], category=fields["category"],
                                notes=_approximate(proposal))
    contingent.pledged_strength = _whole(fields.get("count"))
    return record_store_cited(user=user, record=contingent, source=source, quote=quote, locator=locator)


def _appointment_write(*, user, proposal, source, quote, locator):
    """A person named to a post of the mission, from the day the statement gives (or its publication's)."""
    fields, statement = proposal.fields, proposal.statement
    appointment = Appointment(mission=statement.mission, person=fields["person"][:200],
                              role=(fields.get("role") or "")[:200], country_id=fields.get("country") or None,
                              since=_day(fields.get("since")) or statement.published_on)
    return record_store_cited(user=user, record=appointment, source=source, quote=quote, locator=locator)


# The writer of each kind of record a proposal describes (record_model).
_WRITES = {Movement: _movement_write, Claim: _claim_write, Transaction: _transaction_write, Incident: _incident_write,
           Contingent: _contingent_write, Appointment: _appointment_write}


def _scoped(model, user, action):
    """`model`'s rows `user` may `action`; every row for the system (None: a command run on the server)."""
    return model.objects.all() if user is None else model.objects.restrict(user, action)


def proposal_findable(user, action="change"):
    """The proposals `user` may review (or, with "view", read): a proposal out of scope is one that does not
    exist."""
    return Proposal.objects.restrict(user, action).select_related("statement__mission", "statement__source")

