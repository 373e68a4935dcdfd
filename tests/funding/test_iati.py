"""IATI: the export validates against the official 2.03 schema and re-imports to the same totals; a donor's file
is imported all or nothing, naming every bad line."""

import datetime
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from lxml import etree

from muster.funding.exports import iati_export
from muster.funding.imports import ImportFailed, iati_import
from muster.funding.models import FundingFlow, Transaction
from muster.funding.selectors import funding_totals
from muster.missions.models import Mission
from muster.sources.models import Citation

pytestmark = pytest.mark.django_db

# IATI's own schema, with the two files it includes (tests/data/iati/README.md).
SCHEMA = Path(__file__).resolve().parents[1] / "data" / "iati" / "iati-activities-schema.xsd"


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def totals(mission, on="2026-01-01"):
    rows = funding_totals(transactions=Transaction.objects.all(), on=datetime.date.fromisoformat(on), by=("donor",),
                          mission=mission)
    return {r["flow__donor__name"]: (r.pledge, r.commitment, r.disbursement, r.expenditure, r.frozen, r.released)
            for r in rows}


def test_the_export_validates_and_reimports_to_the_same_totals(demo, schema):
    mss = Mission.objects.get(code="MSS")
    content = iati_export(mission=mss, flows=FundingFlow.objects.all())
    document = etree.fromstring(content)
    assert schema.validate(document), schema.error_log
    assert document.get("version") == "2.03"
    assert {s.get("code") for s in document.iter("sector")} == {"15230"}
    assert {t.get("code") for t in document.iter("transaction-type")} <= {"1", "4", "11", "13"}
    before = totals(mss)
    assert before["United States Department of State"][4:] == (5_400_000_000, 4_070_000_000)

    transactions = Transaction.objects.filter(flow__mission=mss)
    Citation.objects.filter(content_type=ContentType.objects.get_for_model(Transaction),
                            object_id__in=transactions.values("pk")).delete()
    transactions.delete()
    for flow in FundingFlow.objects.filter(mission=mss):
        flow.contracts.clear()
        flow.delete()
    assert totals(mss) == {}

    counts = iati_import(content=content, mission=mss, filename="mss.xml")
    assert counts["flows"] == 6 and counts["organizations"] == 0
    assert totals(mss) == before
    assert all(t.citations.get().source.title == "IATI: mss.xml" for t in Transaction.objects.filter(flow__mission=mss))


DONOR_FILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-03-01T00:00:00">
 <iati-activity default-currency="CAD">
  <iati-identifier>CA-3-P099</iati-identifier>
  <reporting-org ref="CA-3" type="10"><narrative>Global Affairs Canada</narrative></reporting-org>
  <title><narrative>Support to the trust fund</narrative></title>
  <participating-org role="1" type="10"><narrative>Global Affairs Canada</narrative></participating-org>
  <participating-org role="4" type="40"><narrative>MSS Trust Fund</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="2" iso-date="2024-02-28"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-02-28"/>
   <value value-date="2024-02-28">1000000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-01"/>
   <value currency="USD" value-date="2024-03-01">500000</value></transaction>
  %s
 </iati-activity>
</iati-activities>"""


def test_a_donors_file_with_outgoing_codes_is_imported_with_its_rates(demo):
    mss = Mission.objects.get(code="MSS")
    iati_import(content=DONOR_FILE % b"", mission=mss, filename="canada.xml")
    flow = FundingFlow.objects.get(reference="CA-3-P099")
    assert flow.donor.name == "Global Affairs Canada" and flow.recipient.name == "MSS Trust Fund"
    assert list(flow.transactions.values_list("type", "currency", "amount", "usd_value")) == [
        ("commitment", "CAD", 100_000_000, 73_660_000), ("disbursement", "USD", 50_000_000, 50_000_000)]


BAD_LINES = [
    (b'<transaction><transaction-type code="5"/><transaction-date iso-date="2024-03-02"/>'
     b'<value value-date="2024-03-02">1</value></transaction>', "transaction-type: code 5"),
    (b'<transaction><transaction-type code="3"/><transaction-date iso-date="2024-03-02"/>'
     b'<value currency="XYZ" value-date="2024-03-02">1</value></transaction>', "currency"),
    (b'<transaction><transaction-type code="4"/><transaction-date iso-date="2024-03-02"/>'
     b'<value currency="USD" value-date="2024-03-02">900000</value></transaction>', "amount"),
    (b'<transaction><transaction-type code="3"/><transaction-date iso-date="2024-01-02"/>'
     b'<value currency="USD" value-date="2024-01-02">9</value></transaction>', "date"),
]


@pytest.mark.parametrize(("line", "words"), BAD_LINES, ids=["type", "currency", "overspent", "before agreement"])
def test_a_bad_line_is_named_and_nothing_is_stored(demo, line, words):
    mss = Mission.objects.get(code="MSS")
    before = (FundingFlow.objects.count(), Transaction.objects.count())
    with pytest.raises(ImportFailed) as refused:
        iati_import(content=DONOR_FILE % line, mission=mss, filename="canada.xml")
    [message] = refused.value.messages
    assert message.startswith("Line 15") and words in message, message
    assert (FundingFlow.objects.count(), Transaction.objects.count()) == before


def test_the_import_page_lists_the_problems_and_stores_nothing(signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Transaction.objects.count()
    upload = SimpleUploadedFile("canada.xml", DONOR_FILE % BAD_LINES[1][0], content_type="application/xml")
    page = signed_in("finance").post("/funding/import/iati/", {"mission": "MSS", "file": upload})
    assert page.status_code == 200 and "Nothing was stored" in page.content.decode()
    assert Transaction.objects.count() == before
    good = SimpleUploadedFile("canada.xml", DONOR_FILE % b"", content_type="application/xml")
    assert signed_in("finance").post("/funding/import/iati/", {"mission": "MSS", "file": good}).status_code == 302
    assert Transaction.objects.count() == before + 2


def test_the_export_page_and_hxl(signed_in):
    client = signed_in("finance")
    xml = client.get("/funding/dashboard/MSS/iati.xml")
    assert xml.status_code == 200 and xml["Content-Type"].startswith("application/xml")
    hxl = client.get("/funding/dashboard/MSS/transactions.hxl.csv").content.decode().splitlines()
    assert hxl[1].startswith("#org+funder,#org+impl") and "#value+funding+total+usd" in hxl[1]
    contracts = client.get("/funding/dashboard/MSS/contracts.hxl.csv").content.decode().splitlines()
    assert contracts[1].startswith("#contract+name") and len(contracts) == 7
