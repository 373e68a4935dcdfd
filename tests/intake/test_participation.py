"""Participation proposals accepted into records: a country joining or pledging personnel becomes its contingent's
pledge (or a citation on the contingent as the demo holds it), a person named to a post an appointment. On the
demo's figures: the GSF's Chadian military contingent, pledged 1,500 on 9 December 2025; Kenya's commander."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from muster.core.models import ObjectChange, StaleEditError
from muster.core.testing import DocumentedAPIClient
from muster.force.models import Contingent
from muster.intake.models import Proposal
from muster.intake.services import proposal_edit, proposals_accept, statement_submit
from muster.missions.models import Appointment, Mission
from muster.sources.models import Citation, Source

from .helpers import Found, Reading, span_of

pytestmark = pytest.mark.django_db

# The GSF's record (demo fixture, row of 9 Dec 2025): "Chad pledges 1,500 soldiers", as the press gave it.
CHAD_TEXT = "Port-au-Prince, 9 December 2025.\n\nChad pledges 1,500 soldiers to the Gang Suppression Force."
CHAD_WORDS = "Chad pledges 1,500 soldiers"
# Benin's offer of 2,000 troops to the Kenya-led mission (February 2024), which the demo does not hold.
BENIN_TEXT = "Benin has offered 2,000 troops to the Multinational Security Support mission in Haiti."
BENIN_WORDS = "Benin has offered 2,000 troops"
OTUNGE_TEXT = ("Nairobi, 25 June 2024.\n\nGodfrey Otunge, the Kenyan commander of the mission, led the first 400 "
               "officers into Port-au-Prince.")
OTUNGE_WORDS = "Godfrey Otunge, the Kenyan commander"


def user(name):
    return get_user_model().objects.get(username=name)


def submit(text, fields, words, *, mission="GSF", published=datetime.date(2025, 12, 9), username="j1"):
    reading = Reading(language="en", language_detected=False, proposals=[
        Found(kind="participation", fields=fields, span=span_of(text, words))])
    statement = statement_submit(user=user(username), mission=Mission.objects.get(code=mission), text=text,
                                 publisher="Latin Times", published=published, reading=reading)
    return statement, statement.proposals.get()


def chad(**fields):
    return submit(CHAD_TEXT, {"country": "TCD", "role": "pledges personnel", "count": 1500} | fields, CHAD_WORDS)


def accept(statement, proposal, *, username="j1", version=None, fields=None):
    return proposals_accept(user=user(username), statement=statement,
                            accepted=[(proposal, version or proposal.version, fields)])


def citations_of(record):
    return Citation.objects.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


def test_a_pledge_without_its_category_is_refused_naming_it_and_nothing_is_written(demo):
    statement, proposal = chad()
    sources, citations = Source.objects.count(), Citation.objects.count()
    with pytest.raises(ValidationError) as refused:
        accept(statement, proposal)
    assert "category: Choose the contingent's category" in " ".join(refused.value.messages)
    assert (Source.objects.count(), Citation.objects.count()) == (sources, citations)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING


def test_chads_pledge_as_the_gsf_holds_it_is_a_citation_on_its_military_contingent(demo):
    contingent = Contingent.objects.get(mission__code="GSF", country="TCD", category="military")
    assert contingent.pledged_strength == 1500
    statement, proposal = chad()
    proposal = proposal_edit(user=user("j1"), proposal=proposal, version=proposal.version,
                             fields=proposal.fields | {"category": "military"})
    assert proposal.match == {"contingent": contingent.pk}
    contingents = Contingent.objects.count()
    [cited] = accept(statement, proposal)
    assert cited == contingent and Contingent.objects.count() == contingents
    assert Contingent.objects.get(pk=contingent.pk).pledged_strength == 1500
    citation = citations_of(contingent).get(source__statements=statement)
    start = CHAD_TEXT.index(CHAD_WORDS)
    assert (citation.quote, citation.locator) == (CHAD_WORDS, f"paragraph 2, characters {start}\u2013{start + 27}")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.record_type.model, proposal.record_id) == ("accepted", "contingent",
                                                                                 contingent.pk)
    changes = ObjectChange.objects.filter(message__startswith="Intake of")
    assert changes.values("request_id").distinct().count() == 1
    assert {(c.object_type.model, c.action) for c in changes} == {
        ("source", "create"), ("statement", "update"), ("citation", "create"), ("proposal", "update")}


def test_a_pledge_of_another_count_sets_the_contingents_pledged_strength_citing_the_statement(demo):
    contingent = Contingent.objects.get(mission__code="GSF", country="TCD", category="military")
    statement, proposal = chad(count=2000, category="military")
    assert proposal.match == {}
    [pledged] = accept(statement, proposal)
    assert pledged.pk == contingent.pk
    assert Contingent.objects.get(pk=contingent.pk).pledged_strength == 2000
    assert citations_of(contingent).filter(source__statements=statement, quote=CHAD_WORDS).exists()
    change = ObjectChange.objects.get(message__startswith="Intake of", object_type__model="contingent")
    assert (change.action, change.prechange_data["pledged_strength"], change.postchange_data["pledged_strength"]) \
        == ("update", 1500, 2000)


def test_a_countrys_first_pledge_makes_its_contingent_from_the_review_page(demo, signed_in):
    assert not Contingent.objects.filter(country="BEN").exists()
    statement, proposal = submit(BENIN_TEXT, {"country": "BEN", "role": "pledges personnel", "count": 2000},
                                 BENIN_WORDS, mission="MSS", published=datetime.date(2024, 2, 15))
    prefix = f"p{proposal.pk}-"
    page = signed_in("j1").get(proposal.get_absolute_url()).content.decode()
    assert "once its category is chosen (edit it)" in page and f'name="{prefix}category"' in page
    response = signed_in("j1").post(proposal.get_absolute_url(), {
        f"{prefix}version": proposal.version, f"{prefix}country": "BEN", f"{prefix}role": "pledges personnel",
        f"{prefix}category": "military", f"{prefix}count": "2000", "accept": "1", "kind": "news_article",
        "reliability": "B", "credibility": "2"})
    assert response.status_code == 302
    contingent = Contingent.objects.get(mission__code="MSS", country="BEN")
    assert (contingent.category, contingent.pledged_strength) == ("military", 2000)
    citation = citations_of(contingent).get()
    assert (citation.quote, citation.source.grade, citation.source.published_on) == (
        BENIN_WORDS, "B2", datetime.date(2024, 2, 15))
    assert ObjectChange.objects.filter(object_type__model="contingent", object_id=str(contingent.pk),
                                       action="create", user=user("j1")).exists()


def test_the_edit_form_asks_for_a_country_or_a_person(demo, signed_in):
    statement, proposal = chad()
    prefix = f"p{proposal.pk}-"
    response = signed_in("j1").post(proposal.get_absolute_url(), {
        f"{prefix}version": proposal.version, f"{prefix}country": "", f"{prefix}role": "pledges personnel",
        f"{prefix}category": "military", "accept": "1", "kind": "news_article", "reliability": "F",
        "credibility": "6"})
    assert "Say which country joins or pledges, or name the person." in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING


def test_kenyas_commander_becomes_an_appointment_citing_the_statement(demo, signed_in):
    statement, proposal = submit(OTUNGE_TEXT, {"person": "Godfrey Otunge", "role": "commander", "country": "KEN"},
                                 OTUNGE_WORDS, mission="MSS", published=datetime.date(2024, 6, 25))
    assert "A new appointment" in signed_in("j1").get(statement.get_absolute_url()).content.decode()
    [appointment] = accept(statement, proposal)
    appointment = Appointment.objects.get(pk=appointment.pk)
    assert (appointment.mission.code, appointment.person, appointment.role, appointment.country_id,
            appointment.since, appointment.until) == ("MSS", "Godfrey Otunge", "commander", "KEN",
                                                      datetime.date(2024, 6, 25), None)
    citation = citations_of(appointment).get()
    assert (citation.quote, citation.source.statements.get()) == (OTUNGE_WORDS, statement)
    assert ObjectChange.objects.filter(message__startswith="Intake of").values("request_id").distinct().count() == 1
    page = signed_in("liaison-ken").get(appointment.get_absolute_url()).content.decode()
    assert "Godfrey Otunge" in page


def test_a_guatemalan_liaison_cannot_accept_a_kenyan_appointment(demo, signed_in):
    statement, proposal = submit(OTUNGE_TEXT, {"person": "Godfrey Otunge", "role": "commander", "country": "KEN"},
                                 OTUNGE_WORDS, mission="MSS", published=datetime.date(2024, 6, 25),
                                 username="liaison-gtm")
    client = signed_in("liaison-gtm")
    assert client.get(proposal.get_absolute_url()).status_code == 404
    response = client.post(statement.get_absolute_url(), {
        "accept": proposal.pk, f"version-{proposal.pk}": proposal.version, "kind": "news_article",
        "reliability": "F", "credibility": "6"})
    assert response.status_code == 404
    assert not Appointment.objects.filter(person="Godfrey Otunge").exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING


def test_an_edit_made_meanwhile_by_someone_else_is_refused_and_nothing_is_written(demo):
    statement, mine = chad(category="military")
    theirs = Proposal.objects.get(pk=mine.pk)
    proposal_edit(user=user("j3"), proposal=theirs, version=theirs.version, fields=theirs.fields | {"count": 1000})
    counts = (Source.objects.count(), Citation.objects.count())
    with pytest.raises(StaleEditError):
        accept(statement, mine)
    assert (Source.objects.count(), Citation.objects.count()) == counts
    assert Contingent.objects.get(mission__code="GSF", country="TCD", category="military").pledged_strength == 1500


def test_through_the_api_the_engine_reads_chads_pledge_and_it_is_cited_once_its_category_is_given(demo):
    client = DocumentedAPIClient()
    client.force_authenticate(user("j1"))
    body = client.post("/api/statements/", {"mission": "GSF", "text": CHAD_TEXT, "publisher": "Latin Times",
                                            "published_on": "2025-12-09"}, format="json").json()
    [pledge] = [p for p in body["proposals"] if p["kind"] == "participation"]
    assert (pledge["fields"], pledge["words"]) == ({"country": "TCD", "role": "pledges personnel", "count": 1500},
                                                   CHAD_WORDS)
    refused = client.post(f"/api/proposals/{pledge['id']}/accept/", {"version": pledge["version"]}, format="json")
    assert refused.status_code == 400 and "Choose the contingent's category" in refused.content.decode()
    accepted = client.post(f"/api/proposals/{pledge['id']}/accept/", {
        "version": pledge["version"], "fields": pledge["fields"] | {"category": "military"}}, format="json")
    assert accepted.status_code == 200, accepted.content
    contingent = Contingent.objects.get(mission__code="GSF", country="TCD", category="military")
    assert accepted.json()["record"] == f"force.contingent:{contingent.pk}"
    assert contingent.pledged_strength == 1500
    assert citations_of(contingent).filter(quote=CHAD_WORDS, source__publisher="Latin Times").count() == 1


def test_who_does_not_keep_contingents_is_refused_a_pledge_and_nothing_is_written(demo):
    statement, proposal = chad(count=2000, category="military")
    with pytest.raises(PermissionDenied):
        accept(statement, proposal, username="j3")  # J3 reads the force; J1 and the liaisons keep it
    assert Contingent.objects.get(mission__code="GSF", country="TCD", category="military").pledged_strength == 1500
    assert not Source.objects.filter(statements=statement).exists()
