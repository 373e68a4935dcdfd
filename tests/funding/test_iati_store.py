"""The IATI import stores through the one store (core.store): its records reach the change log as a form's do,
under the user who imported, and a record refused mid-file leaves nothing of the file behind."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from muster.core.changelog import serialize
from muster.core.models import ObjectChange
from muster.funding.imports import ImportFailed, iati_import
from muster.funding.models import FundingFlow, Transaction
from muster.missions.models import Mission, Organization
from muster.sources.models import Citation, Source

pytestmark = pytest.mark.django_db

# A donor the demo does not know (Norad) gives to a recipient it does not know either: the import creates both.
NORAD_FILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-03-01T00:00:00">
 <iati-activity default-currency="USD">
  <iati-identifier>NO-BRC-971277882-HTI-01</iati-identifier>
  <reporting-org ref="NO-BRC-971277882" type="10"><narrative>Norad</narrative></reporting-org>
  <title><narrative>Police support in Haiti</narrative></title>
  <participating-org role="1" type="10"><narrative>Norad</narrative></participating-org>
  <participating-org role="4" type="21"><narrative>Haiti Police Support Programme</narrative></participating-org>
  <activity-date type="2" iso-date="2024-02-01"/>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2024-02-01"/>
   <value value-date="2024-02-01">300000</value></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-02-10"/>
   <value value-date="2024-02-10">200000</value></transaction>
  %s
 </iati-activity>
</iati-activities>"""

# Line 14: spends more than the 200,000 received, a rule of the Transaction model (its clean(), under the flow's lock).
OVERSPENT = (b'<transaction><transaction-type code="4"/><transaction-date iso-date="2024-02-20"/>'
             b'<value value-date="2024-02-20">900000</value></transaction>')


def as_logged(record):
    """The record as the change log keeps it: serialized, then through the log's JSON."""
    encoder = ObjectChange._meta.get_field("postchange_data").encoder
    return json.loads(json.dumps(serialize(record), cls=encoder))


def stored_counts():
    return {model.__name__: model.objects.count()
            for model in (Organization, Source, FundingFlow, Transaction, Citation, ObjectChange)}


def test_an_imports_records_are_in_the_change_log_under_the_user_who_imported_as_a_forms_are(signed_in):
    before = ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    upload = SimpleUploadedFile("norad.xml", NORAD_FILE % b"", content_type="application/xml")
    assert signed_in("finance").post("/funding/import/iati/", {"mission": "MSS", "file": upload}).status_code == 302

    flow = FundingFlow.objects.get(reference="NO-BRC-971277882-HTI-01")
    source = Source.objects.get(title="IATI: norad.xml")
    stored = [source, flow.donor, flow.recipient, flow, *flow.transactions.order_by("date"),
              *Citation.objects.filter(source=source)]
    assert [flow.donor.name, flow.recipient.name] == ["Norad", "Haiti Police Support Programme"]
    assert len(stored) == 9  # the file, two organizations, the flow, two transactions, three citations
    changes = ObjectChange.objects.filter(pk__gt=before)
    logged = {(change.object_type_id, change.object_id): change for change in changes}
    finance = get_user_model().objects.get(username="finance")
    for record in stored:
        change = logged[(ContentType.objects.get_for_model(record).pk, str(record.pk))]
        # Who: the officer who imported, as for a form's save; what: the record as stored, created.
        assert (change.user, change.user_name, change.action) == (finance, "finance", ObjectChange.Action.CREATE)
        assert change.prechange_data is None and change.postchange_data == as_logged(record), record
        assert change.message == "IATI import of norad.xml"
    assert len(logged) == len(stored) == changes.count()  # nothing else, and each record once
    assert len({change.request_id for change in changes}) == 1  # one request: one import


def test_a_record_refused_mid_import_leaves_nothing_of_the_file_stored(demo):
    mss = Mission.objects.get(code="MSS")
    before = stored_counts()
    with pytest.raises(ImportFailed) as refused:
        iati_import(content=NORAD_FILE % OVERSPENT, mission=mss, filename="norad.xml")
    [message] = refused.value.messages
    # Named by line and field, with the model's reason; the organizations, the flow, the first two transactions,
    # the file as a source, their citations and change log entries were stored before it, and are gone.
    assert message.startswith("Line 14, amount:") and "USD 700,000.00 more expenditure" in message, message
    assert stored_counts() == before
    assert not Organization.objects.filter(name="Norad").exists()
