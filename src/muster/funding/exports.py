"""Funding in the formats partners read: IATI activity XML (2.03) and HXL-tagged CSV.

IATI: one activity per funding flow, sector 15230 (participation in international peacekeeping operations),
transactions from the point of view of the mission that receives the money (incoming pledge 13, incoming
commitment 11, incoming funds 1, expenditure 4). IATI has no code for money frozen or released by waiver;
those travel as elements of Muster's own namespace, which the schema allows (`xsd:any ##other`) and which
`imports.iati_import` reads back, so an export re-imports to the same totals.
"""

import itertools

from django.utils import timezone
from lxml import etree

from muster.core.exports import rows_to_csv

from .money import USD, from_minor

MUSTER_NS = "urn:muster:funding:1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SECTOR_PEACEKEEPING = "15230"

# Transaction type -> IATI TransactionType code (incoming, as the receiving mission reports it).
IATI_CODES = {"pledge": "13", "commitment": "11", "disbursement": "1", "expenditure": "4"}
# Types IATI has no code for, carried in Muster's namespace.
EXTENSION_TYPES = ("frozen", "released")
# Organization kind -> IATI OrganisationType code.
ORG_TYPES = {"government": "10", "un_entity": "40", "trust_fund": "40", "police_service": "10",
             "armed_forces": "10", "contractor": "70", "ngo": "21"}


def _narrative(parent, tag, text, **attrs):
    element = etree.SubElement(parent, tag, **attrs)
    etree.SubElement(element, "narrative").text = text
    return element


def _amount(minor, currency):
    return f"{from_minor(minor, currency):f}"


def activity_identifier(flow):
    """The flow's IATI identifier: its own reference if it is one, else one made from the mission and key."""
    return flow.reference or f"XM-MUSTER-{flow.mission.code}-{flow.pk}"


def iati_export(*, mission, flows):
    """The IATI 2.03 `iati-activities` document (bytes) of `flows` of `mission` and all their transactions."""
    flows = (flows.filter(mission=mission).select_related("donor", "recipient", "mission")
             .prefetch_related("transactions").order_by("pk"))
    now = timezone.now().replace(microsecond=0)
    root = etree.Element("iati-activities", version="2.03", nsmap={"muster": MUSTER_NS},
                         **{"generated-datetime": now.isoformat()})
    for flow in flows:
        activity = etree.SubElement(root, "iati-activity", **{"default-currency": USD, XML_LANG: "en",
                                                              "last-updated-datetime": now.isoformat()})
        etree.SubElement(activity, "iati-identifier").text = activity_identifier(flow)
        _narrative(activity, "reporting-org", mission.name, ref=f"XM-MUSTER-{mission.code}", type="40")
        _narrative(activity, "title", flow.purpose)
        _narrative(activity, "description", flow.notes or flow.purpose, type="1")
        _narrative(activity, "participating-org", flow.donor.name, role="1",
                   type=ORG_TYPES.get(flow.donor.kind, "90"))
        _narrative(activity, "participating-org", flow.recipient.name, role="4",
                   type=ORG_TYPES.get(flow.recipient.kind, "90"))
        etree.SubElement(activity, "activity-status", code="2")
        etree.SubElement(activity, "activity-date", type="2", **{"iso-date": flow.agreed_on.isoformat()})
        etree.SubElement(activity, "sector", vocabulary="1", code=SECTOR_PEACEKEEPING)
        transactions = sorted(flow.transactions.all(), key=lambda t: (t.date, t.pk))
        for t in transactions:
            if t.type not in IATI_CODES:
                continue
            element = etree.SubElement(activity, "transaction", **({"ref": t.reference} if t.reference else {}))
            etree.SubElement(element, "transaction-type", code=IATI_CODES[t.type])
            etree.SubElement(element, "transaction-date", **{"iso-date": t.date.isoformat()})
            value = etree.SubElement(element, "value", currency=t.currency, **{"value-date": t.date.isoformat()})
            value.text = _amount(t.amount, t.currency)
            if t.description:
                _narrative(element, "description", t.description)
            _narrative(element, "provider-org", flow.donor.name)
            _narrative(element, "receiver-org", flow.recipient.name)
        for t in transactions:
            if t.type in EXTENSION_TYPES:
                element = etree.SubElement(activity, f"{{{MUSTER_NS}}}transaction", type=t.type, currency=t.currency,
                                           **{"iso-date": t.date.isoformat()})
                element.text = _amount(t.amount, t.currency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _hxl_csv(headers, tags, rows):
    """The header row, the hashtag row, then `rows`: through core's CSV writer, so no text cell is a formula."""
    return rows_to_csv(headers, itertools.chain([tags], rows))


TRANSACTION_HXL = [
    ("Donor", "#org+funder"), ("Recipient", "#org+impl"), ("Mission", "#operation+code"),
    ("Instrument", "#modality"), ("Purpose", "#activity+name"), ("Reference", "#activity+code"),
    ("Type", "#indicator+type"), ("Date", "#date+reported"), ("Amount", "#value+funding+original"),
    ("Currency", "#currency"), ("US dollars", "#value+funding+total+usd"),
]


def hxl_transactions(*, transactions):
    """Transactions as HXL-tagged CSV: the header row, then the hashtag row, then one row per transaction."""
    rows = ([t.flow.donor.name, t.flow.recipient.name, t.flow.mission.code, t.flow.get_instrument_display(),
             t.flow.purpose, t.flow.reference, t.type, t.date.isoformat(), _amount(t.amount, t.currency), t.currency,
             _amount(t.usd_value, USD)]
            for t in transactions.select_related("flow__donor", "flow__recipient", "flow__mission")
            .order_by("date", "pk").iterator(chunk_size=2000))
    return _hxl_csv([h for h, _t in TRANSACTION_HXL], [t for _h, t in TRANSACTION_HXL], rows)


CONTRACT_HXL = [
    ("Contract", "#contract+name"), ("Reference", "#contract+code"), ("Mission", "#operation+code"),
    ("Category", "#sector"), ("Vendor", "#org+supplier"), ("Funder", "#org+funder"),
    ("Beneficiary", "#org+beneficiary"), ("Start", "#date+start"), ("End", "#date+end"), ("Status", "#status"),
    ("Value", "#value+contract+original"), ("Currency", "#currency"), ("US dollars", "#value+contract+usd"),
]


def hxl_contracts(*, contracts):
    rows = ([c.title, c.reference, c.mission.code, c.category, c.vendor.name if c.vendor else "", c.funder.name,
             c.beneficiary.name if c.beneficiary else "", c.start.isoformat(), c.end.isoformat() if c.end else "",
             c.status, _amount(c.amount, c.currency) if c.amount is not None else "", c.currency,
             _amount(c.usd_value, USD) if c.usd_value is not None else ""]
            for c in contracts.select_related("mission", "vendor", "funder", "beneficiary").order_by("start", "pk"))
    return _hxl_csv([h for h, _t in CONTRACT_HXL], [t for _h, t in CONTRACT_HXL], rows)

