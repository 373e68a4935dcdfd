"""Import of IATI activity XML: a donor's file of activities and transactions becomes flows and transactions.

All or nothing: every bad element is named by its line and field, and nothing is stored unless every one is
good. Activities are matched to flows by IATI identifier (the flow's reference); organizations by name,
created when new. Every flow and transaction is cited to one source: the file itself.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from muster.core.store import record_store
from muster.core.uploads import UploadRefused, size_checked
from muster.missions.models import Organization
from muster.sources.models import Source

from .exports import EXTENSION_TYPES, MUSTER_NS
from .models import FundingFlow, Transaction
from .money import USD, currency_valid, to_minor
from .services import funding_record

# IATI TransactionType code -> Muster type, incoming and outgoing alike (a donor reports outgoing).
TYPES = {"1": "disbursement", "11": "commitment", "13": "pledge", "2": "commitment", "3": "disbursement",
         "12": "pledge", "4": "expenditure"}
# IATI OrganisationType code -> Organization kind, for organizations the file introduces.
KINDS = {"10": "government", "11": "government", "15": "government", "40": "un_entity", "21": "ngo", "22": "ngo",
         "23": "ngo", "70": "contractor"}


# Types that take from a balance: stored after what adds to it on the same day.
TAKES = ("expenditure", "released")


class ImportFailed(ValidationError):
    """The file was refused; `messages` names each problem by line."""


def _text(element, path):
    found = element.find(path)
    if found is None:
        return ""
    narrative = found.find("narrative")
    return ((narrative.text if narrative is not None else found.text) or "").strip()


def _date(raw):
    try:
        return datetime.date.fromisoformat((raw or "")[:10])
    except ValueError:
        return None


def _organization(name, type_code, created):
    """The organization of this name, stored when the file introduces it. Stored as the system (user None): the
    donor and recipient are part of the flow the user may add (the import asks for that grant), not a grant to
    add organizations at will; the change log still names the user who imported (the request's change_context)."""
    organization = Organization.objects.filter(name=name).first()
    if organization is None:
        organization = record_store(user=None, record=Organization(
            name=name, kind=KINDS.get(type_code, Organization.Kind.OTHER)))
        created.append(organization)
    return organization


def _errors(error):
    if hasattr(error, "error_dict"):
        return [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
    return error.messages


@transaction.atomic
def iati_import(*, content, mission, user=None, filename="IATI file"):
    """Store the activities of IATI XML `content` (bytes) as flows and transactions of `mission`.

    Returns {"flows": n new, "transactions": n, "organizations": n new}. Raises ImportFailed naming every
    bad line; nothing is stored then.
    """
    try:
        size_checked(len(content))  # the form refused it already; a caller without one is held to the same limit
    except UploadRefused as refused:
        raise ImportFailed([refused.message]) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        raise ImportFailed([_("The file is not XML: %s") % error]) from None
    if root.tag != "iati-activities":
        raise ImportFailed([_("Line %(line)s: expected <iati-activities>, found <%(tag)s>.")
                            % {"line": root.sourceline, "tag": root.tag}])
    problems, created_orgs, counts = [], [], {"flows": 0, "transactions": 0}
    published = _date(root.get("generated-datetime")) or timezone.localdate()
    publisher = _text(root, "iati-activity/reporting-org") or _("IATI publisher")
    # The file itself, which every flow and transaction cites. Stored as the system, as a citation's source is
    # (sources.services.citation_attach): naming where figures come from needs no grant to add sources.
    source = record_store(user=None, record=Source(
        kind=Source.Kind.DATASET, title=f"IATI: {filename}"[:300], publisher=publisher[:200], published_on=published,
        reliability="B", credibility="2"))

    for activity in root.iterfind("iati-activity"):
        line = activity.sourceline
        identifier = (activity.findtext("iati-identifier") or "").strip()
        where = _("Line %(line)s, activity %(id)s") % {"line": line, "id": identifier or "?"}
        default_currency = activity.get("default-currency") or USD
        donor_element = activity.find("participating-org[@role='1']")
        recipient_element = activity.find("participating-org[@role='4']")
        if recipient_element is None:
            recipient_element = activity.find("participating-org[@role='3']")
        donor_name = _text(activity, "participating-org[@role='1']") or _text(activity, "reporting-org")
        recipient_name = _text(activity, "participating-org[@role='4']") or _text(
            activity, "participating-org[@role='3']") or _text(activity, "transaction/receiver-org")
        if not identifier or not donor_name or not recipient_name:
            problems.append(_("%(where)s: an activity needs an iati-identifier, a funding participating-org "
                              "(role 1) and an implementing one (role 4) or a receiver-org.") % {"where": where})
            continue
        donor_type = donor_element.get("type") if donor_element is not None else ""
        recipient_type = recipient_element.get("type") if recipient_element is not None else ""
        dates = [_date(d.get("iso-date")) for d in activity.iterfind("activity-date") if d.get("type") in ("1", "2")]
        transaction_dates = [_date(d.get("iso-date")) for d in activity.iterfind("transaction/transaction-date")]
        transaction_dates += [_date(e.get("iso-date")) for e in activity.iterfind(f"{{{MUSTER_NS}}}transaction")]
        # The activity's start when it gives one (a transaction before it is refused), else its first transaction.
        agreed_on = min([d for d in dates if d], default=None) or min([d for d in transaction_dates if d], default=None)

        flow = FundingFlow.objects.filter(mission=mission, reference=identifier).first()
        if flow is None:
            flow = FundingFlow(
                mission=mission, reference=identifier, agreed_on=agreed_on,
                donor=_organization(donor_name[:200], donor_type, created_orgs),
                recipient=_organization(recipient_name[:200], recipient_type, created_orgs),
                instrument=FundingFlow.Instrument.TRUST_FUND if recipient_type == "40" or "trust fund" in
                recipient_name.lower() else FundingFlow.Instrument.BILATERAL,
                purpose=(_text(activity, "title") or identifier)[:300], notes=_text(activity, "description"),
            )
            try:
                funding_record(user=user, record=flow, source=source, quote=identifier, locator=f"line {line}")
                counts["flows"] += 1
            except ValidationError as error:
                problems += [f"{where}: {message}" for message in _errors(error)]
                continue

        entries = [(t, t.sourceline, (t.find("transaction-type").get("code") if t.find("transaction-type")
                                      is not None else ""), t.find("transaction-date"), t.find("value"))
                   for t in activity.iterfind("transaction")]
        entries += [(e, e.sourceline, e.get("type"), e, e) for e in activity.iterfind(f"{{{MUSTER_NS}}}transaction")]
        # Money in before money out on the same day, so balances are checked as they stood.
        entries.sort(key=lambda e: ((_date(e[3].get("iso-date")) if e[3] is not None else None) or datetime.date.min,
                                    (e[2] if e[2] in EXTENSION_TYPES else TYPES.get(e[2])) in TAKES))
        for element, tline, code, date_element, value in entries:
            here = _("Line %(line)s") % {"line": tline}
            kind = code if code in EXTENSION_TYPES else TYPES.get(code)
            if kind is None:
                problems.append(_("%(here)s, transaction-type: code %(code)s is not a pledge, commitment, "
                                  "disbursement or expenditure.") % {"here": here, "code": code or "?"})
                continue
            date = _date(date_element.get("iso-date")) if date_element is not None else None
            currency = (value.get("currency") if value is not None else None) or default_currency
            if date is None:
                problems.append(_("%(here)s, transaction-date: no iso-date.") % {"here": here})
                continue
            if not currency_valid(currency):
                problems.append(_("%(here)s, currency: “%(code)s” is not an ISO 4217 code.")
                                % {"here": here, "code": currency})
                continue
            try:
                amount = to_minor(Decimal((value.text or "").strip()), currency)
            except (InvalidOperation, ValueError, AttributeError):
                problems.append(_("%(here)s, value: “%(text)s” is not an amount.")
                                % {"here": here, "text": (value.text if value is not None else "") or ""})
                continue
            record = Transaction(flow=flow, type=kind, date=date, amount=amount, currency=currency,
                                 description=_text(element, "description"), reference=element.get("ref") or "")
            try:
                funding_record(user=user, record=record, source=source, quote=identifier, locator=f"line {tline}")
                counts["transactions"] += 1
            except ValidationError as error:
                problems += [f"{here}, {message}" for message in _errors(error)]
    if problems:
        raise ImportFailed(problems)
    return counts | {"organizations": len(created_orgs)}
