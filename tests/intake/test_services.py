"""Statements stored with their proposals, and proposals reviewed into records: intake.services on the demo's figures
(Kenya's fourth contingent of 144 on 6 Feb 2025, already recorded; Kenya's 744 reported against 761 computed)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from muster.core.models import ObjectChange, StaleEditError
from muster.force.models import Movement
from muster.funding.models import FundingFlow, Transaction
from muster.intake.models import Proposal, Statement
from muster.intake.services import locator_of, proposal_edit, proposal_reject, proposals_accept, statement_submit
from muster.sources.models import Citation, Claim, Source

from .helpers import KENYA_TEXT, PUBLISHED, Found, Reading, arrival_reading, kenya_reading, mss, span_of

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def submit(username="j1", text=KENYA_TEXT, reading=None, published=PUBLISHED, publisher="Ministry of Interior"):
    return statement_submit(user=user(username), mission=mss(), text=text, publisher=publisher, published=published,
                            reading=reading or kenya_reading(text))


def by_kind(statement, kind):
    return statement.proposals.get(kind=kind)


def accept(statement, *proposals, username="j1", **grade):
    return proposals_accept(user=user(username), statement=statement,
                            accepted=[(p, p.version, None) for p in proposals], **grade)


def test_submitting_stores_the_statement_and_its_proposals_and_nothing_else(demo):
    counts = (Movement.objects.count(), Claim.objects.count(), Source.objects.count(), Citation.objects.count())
    statement = submit()
    assert statement.language == "en" and statement.language_detected
    assert statement.submitted_by == user("j1") and statement.country is None
    assert [p.kind for p in statement.proposals.order_by("start")] == ["movement", "claim", "funding"]
    movement = by_kind(statement, "movement")
    assert movement.words == "an additional 144 police officers comprising 120 men and 24 women"
    assert movement.country_id == "KEN" and movement.status == Proposal.Status.PENDING
    assert (Movement.objects.count(), Claim.objects.count(), Source.objects.count(),
            Citation.objects.count()) == counts


def test_the_recorded_arrival_is_proposed_as_a_citation_and_the_total_is_flagged(demo):
    statement = submit()
    arrival = Movement.objects.get(contingent__mission__code="MSS", contingent__country="KEN",
                                   date=datetime.date(2025, 2, 6), kind="arrival")
    assert by_kind(statement, "movement").match == {"movement": arrival.pk}
    assert by_kind(statement, "claim").match == {"computed": 761}
    usa_flows = set(FundingFlow.objects.filter(mission__code="MSS", donor__country="USA").values_list("pk", flat=True))
    assert set(by_kind(statement, "funding").match["flows"]) == usa_flows


def test_accepting_writes_the_source_the_records_and_their_citations_in_one_batch(demo):
    statement = submit()
    arrival, total = by_kind(statement, "movement"), by_kind(statement, "claim")
    movements = Movement.objects.count()
    written = accept(statement, arrival, total, reliability="B", credibility="2")
    assert Movement.objects.count() == movements, "the arrival is cited, not recorded twice"
    source = Source.objects.get(statements=statement)
    assert (source.publisher, source.published_on, source.grade, source.text) == (
        "Ministry of Interior", PUBLISHED, "B2", KENYA_TEXT)
    movement, claim = written
    cited = Citation.objects.get(source=source, content_type=ContentType.objects.get_for_model(Movement))
    assert cited.object_id == movement.pk and cited.quote == arrival.words
    start = KENYA_TEXT.index("an additional")
    assert cited.locator == f"paragraph 2, characters {start}\u2013{start + len(arrival.words)}"
    assert (claim.value, claim.as_of, claim.source, claim.quote) == (744, PUBLISHED, source, total.words)
    assert [c.iso3 for c in claim.countries.all()] == ["KEN"]
    assert "761 computed" in claim.note
    changes = ObjectChange.objects.filter(message__startswith="Intake of")
    assert changes.values("request_id").distinct().count() == 1
    logged = {(c.object_type.model, c.action) for c in changes}
    assert {("source", "create"), ("citation", "create"), ("claim", "create"), ("proposal", "update")} <= logged
    assert all(c.user == user("j1") for c in changes)
    arrival.refresh_from_db()
    assert (arrival.status, arrival.record_id) == (Proposal.Status.ACCEPTED, movement.pk)


def test_a_second_source_on_the_same_arrival_adds_a_citation_and_no_movement(demo):
    text, reading = arrival_reading(country="GTM", count=75, date="2025-03-10", men=70, women=5)
    first = submit(text=text, reading=reading)
    movements = Movement.objects.count()
    [movement] = accept(first, first.proposals.get())
    assert Movement.objects.count() == movements + 1
    assert (movement.count, movement.men, movement.women, movement.contingent.country_id) == (75, 70, 5, "GTM")
    # The army's post two days later reports the same arrival.
    text, reading = arrival_reading(country="GTM", count=75, date="2025-03-12", text="Llegaron 75 soldados.")
    second = submit(text=text, reading=reading, publisher="Ejército de Guatemala", published=datetime.date(2025, 3, 12))
    assert second.proposals.get().match == {"movement": movement.pk}
    [cited] = accept(second, second.proposals.get())
    assert cited == movement and Movement.objects.count() == movements + 1
    assert sorted(c.source.publisher for c in movement.citations.all()) == [
        "Ejército de Guatemala", "Ministry of Interior"]


def test_an_arrival_matched_after_submission_is_cited_on_acceptance(demo):
    """Two statements of the same arrival reviewed one after the other: the second finds the movement the first
    wrote, though neither matched anything when they were submitted."""
    text, reading = arrival_reading(country="GTM", count=75, date="2025-03-10")
    first, second = submit(text=text, reading=reading), submit(text=text, reading=reading, publisher="EFE")
    assert second.proposals.get().match == {}
    movements = Movement.objects.count()
    accept(first, first.proposals.get())
    accept(second, second.proposals.get())
    assert Movement.objects.count() == movements + 1


def test_an_edit_made_meanwhile_by_someone_else_is_refused_and_nothing_is_written(demo):
    statement = submit()
    mine = by_kind(statement, "claim")
    theirs = Proposal.objects.get(pk=mine.pk)
    proposal_edit(user=user("j3"), proposal=theirs, version=theirs.version, fields=theirs.fields | {"value": 745})
    counts = (Claim.objects.count(), Source.objects.count(), Citation.objects.count())
    with pytest.raises(StaleEditError):
        accept(statement, mine)
    assert (Claim.objects.count(), Source.objects.count(), Citation.objects.count()) == counts
    assert Proposal.objects.get(pk=mine.pk).status == Proposal.Status.PENDING


def test_a_proposal_already_accepted_by_someone_else_is_refused(demo):
    statement = submit()
    mine = by_kind(statement, "claim")
    accept(statement, Proposal.objects.get(pk=mine.pk), username="admin")
    claims = Claim.objects.count()
    with pytest.raises(StaleEditError):
        accept(statement, mine)
    assert Claim.objects.count() == claims
    # Read again after the other's acceptance: named once, with the status it has now.
    with pytest.raises(StaleEditError) as refused:
        accept(statement, Proposal.objects.get(pk=mine.pk))
    assert str(refused.value).startswith(f"Claim {mine.start}–{mine.end} was already reviewed (Accepted) by someone")


def test_one_bad_proposal_stores_none_of_the_others_and_names_itself(demo):
    statement = submit()
    flows = FundingFlow.objects.filter(mission__code="MSS", donor__country="USA").count()
    assert flows > 1, "the demo's USA has several flows in the MSS: the reviewer must choose"
    counts = (Movement.objects.count(), Claim.objects.count(), Source.objects.count(), Transaction.objects.count())
    with pytest.raises(ValidationError) as refused:
        accept(statement, by_kind(statement, "claim"), by_kind(statement, "funding"), username="admin")
    assert "waivers for $40.7 million" in str(refused.value) and "funding flow" in str(refused.value)
    assert (Movement.objects.count(), Claim.objects.count(), Source.objects.count(),
            Transaction.objects.count()) == counts
    assert not statement.proposals.exclude(status=Proposal.Status.PENDING).exists()


def test_a_funding_proposal_on_the_flow_the_reviewer_chooses_becomes_a_transaction(demo):
    statement = submit()
    funding = by_kind(statement, "funding")
    flow = FundingFlow.objects.filter(mission__code="MSS", donor__country="USA").order_by("pk").last()
    # The reviewer reads the waiver as a commitment of that flow (a release needs as much frozen first).
    edited = funding.fields | {"flow": flow.pk, "type": "commitment"}
    [transaction] = proposals_accept(user=user("finance"), statement=statement,
                                     accepted=[(funding, funding.version, edited)])
    assert (transaction.flow, transaction.type, transaction.amount, transaction.currency) == (
        flow, "commitment", 4_070_000_000, "USD")
    assert transaction.citations.get().quote == "waivers for $40.7 million"


def test_the_flows_own_rules_refuse_a_release_of_money_never_frozen(demo):
    statement = submit()
    funding = by_kind(statement, "funding")
    flow = FundingFlow.objects.filter(mission__code="MSS", donor__country="USA").order_by("pk").last()
    transactions = Transaction.objects.count()
    # The demo holds the waiver already: a second release of the same $40.7 million has nothing frozen to release.
    with pytest.raises(ValidationError) as refused:
        proposals_accept(user=user("finance"), statement=statement,
                         accepted=[(funding, funding.version, funding.fields | {"flow": flow.pk})])
    assert "more released by waiver than frozen" in str(refused.value)
    assert Transaction.objects.count() == transactions and not Source.objects.filter(statements=statement).exists()


def test_rejecting_writes_nothing_but_the_proposals_status(demo):
    statement = submit()
    proposal = by_kind(statement, "claim")
    counts = (Claim.objects.count(), Source.objects.count(), Citation.objects.count())
    proposal_reject(user=user("j1"), proposal=proposal, version=proposal.version)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.REJECTED
    assert (Claim.objects.count(), Source.objects.count(), Citation.objects.count()) == counts
    with pytest.raises(StaleEditError):
        accept(statement, Proposal.objects.get(pk=proposal.pk))


@pytest.mark.parametrize(("text", "field", "words"), [
    ("   \n ", "text", "empty"),
    ("x" * 5_000_001, "text", "limit"),
    ("PK\x03\x04\x00\x00binary", "text", "binary"),
])
def test_bad_statements_are_refused_naming_the_field_and_nothing_is_stored(demo, text, field, words):
    statements = Statement.objects.count()
    with pytest.raises(ValidationError) as refused:
        submit(text=text, reading=kenya_reading(KENYA_TEXT))
    assert field in refused.value.message_dict and words in " ".join(refused.value.message_dict[field])
    assert Statement.objects.count() == statements


def test_a_statement_dated_before_the_mission_is_refused(demo):
    with pytest.raises(ValidationError) as refused:
        submit(published=datetime.date(2023, 1, 5))
    assert "MSS started on 2023-10-02" in refused.value.message_dict["published_on"][0]
    assert not Statement.objects.exists()


def test_a_statement_dated_in_the_future_is_refused(demo):
    with pytest.raises(ValidationError) as refused:
        submit(published=datetime.date.today() + datetime.timedelta(days=30))
    assert "has not come yet" in refused.value.message_dict["published_on"][0]
    assert not Statement.objects.exists()


def test_an_unknown_currency_is_refused_and_nothing_is_stored(demo):
    reading = kenya_reading()
    reading.proposals[2].fields["currency"] = "XYZ"
    with pytest.raises(ValidationError) as refused:
        submit(reading=reading)
    assert "XYZ" in refused.value.message_dict["text"][0]
    assert not Statement.objects.exists()


def test_a_liaison_submits_but_neither_sees_nor_accepts_another_countrys_proposals(demo):
    statement = submit(username="liaison-gtm")
    liaison = user("liaison-gtm")
    assert statement.country_id == "GTM"
    assert Statement.objects.restrict(liaison, "view").filter(pk=statement.pk).exists()
    assert not Statement.objects.restrict(user("liaison-ken"), "view").filter(pk=statement.pk).exists()
    assert not Proposal.objects.restrict(liaison, "view").filter(statement=statement).exists()
    assert Proposal.objects.restrict(user("j1"), "view").filter(statement=statement).count() == 3
    # Nor does Kenya's liaison see what Guatemala's statement says of Kenya: its statement is not theirs.
    assert not Proposal.objects.restrict(user("liaison-ken"), "view").filter(statement=statement).exists()


def test_a_liaison_reviews_what_their_own_statement_says_of_their_country(demo):
    statement = submit(username="liaison-ken")
    kenya = user("liaison-ken")
    # The arrival and Kenya's total are theirs; the US's money is not.
    assert sorted(Proposal.objects.restrict(kenya, "change").filter(statement=statement)
                  .values_list("kind", flat=True)) == ["claim", "movement"]
    arrival = by_kind(statement, "movement")
    [cited] = accept(statement, arrival, username="liaison-ken")
    assert cited.citations.filter(source__statements=statement).exists()
    # A liaison may not add claims (the published totals are the mission staff's): refused, nothing written.
    with pytest.raises(PermissionDenied):
        accept(statement, by_kind(statement, "claim"), username="liaison-ken")
    assert not Claim.objects.filter(source__statements=statement).exists()


def test_a_liaison_cannot_move_a_proposal_to_another_country(demo):
    text, reading = arrival_reading(country="GTM", count=75, date="2025-03-10")
    statement = submit(username="liaison-gtm", text=text, reading=reading)
    proposal = statement.proposals.get()
    with pytest.raises(PermissionDenied):
        proposal_edit(user=user("liaison-gtm"), proposal=proposal, version=proposal.version,
                      fields=proposal.fields | {"country": "KEN"})
    assert Proposal.objects.get(pk=proposal.pk).fields["country"] == "GTM"


def test_the_locator_counts_paragraphs_separated_by_blank_lines():
    text = "One.\n\nTwo, first line\nsecond line.\n\n\nThree."
    assert locator_of(text, 0, 4) == "paragraph 1, characters 0\u20134"
    assert locator_of(text, text.index("second"), text.index("second") + 6).startswith("paragraph 2,")
    assert locator_of(text, text.index("Three"), len(text)).startswith("paragraph 3,")


INCIDENT_TEXT = ("Five gang members were killed and two Haitian police officers wounded in a shootout with MSS and "
                 "police units in Pétion-Ville on Wednesday, the mission said.")


def test_an_incident_is_recorded_with_its_tolls_once_its_type_and_actor_are_chosen(demo):
    from muster.operations.models import Actor, EventType, Incident
    from muster.places.models import AdminArea

    statement = statement_submit(user=user("j3"), mission=mss(), text=INCIDENT_TEXT, publisher="MSS",
                                 published=datetime.date(2025, 3, 6))
    incident = statement.proposals.get(kind="incident")
    assert incident.fields["date"] == "2025-03-05"
    with pytest.raises(ValidationError) as refused:
        accept(statement, incident, username="j3")
    assert "event_type: Choose it" in str(refused.value) and not Incident.objects.filter(date="2025-03-05",
                                                                                          narrative=incident.words)
    armed_clash = EventType.objects.get(sub_event_type="Armed clash")
    gang = Actor.objects.order_by("pk").first()
    commune = AdminArea.objects.get(level=AdminArea.Level.ADM2, name_en="Petion-Ville")
    edited = incident.fields | {"title": "Shootout in Pétion-Ville", "event_type": armed_clash.pk, "actor1": gang.pk,
                                "location": "Pétion-Ville", "adm2": commune.pk}
    [recorded] = proposals_accept(user=user("j3"), statement=statement,
                                  accepted=[(Proposal.objects.get(pk=incident.pk), incident.version, edited)])
    assert (recorded.title, recorded.date, recorded.event_type, recorded.actor1) == (
        "Shootout in Pétion-Ville", datetime.date(2025, 3, 5), armed_clash, gang)
    assert sorted(recorded.tolls.values_list("group", "outcome", "count")) == [
        ("armed_group", "killed", 5), ("police", "wounded", 2)]
    assert recorded.adm2 == commune and recorded.citations.get().quote == incident.words


def test_a_hedged_figure_is_recorded_as_approximate(demo):
    text = "About 400 Kenyan officers were on the ground by 1 March 2025."
    reading = Reading(language="en", language_detected=False, proposals=[Found(
        kind="claim", fields={"country": "KEN", "category": "", "metric": "strength", "value": 400,
                              "as_of": "2025-03-01"}, span=span_of(text, "About 400 Kenyan officers"), hedged=True)])
    statement = submit(text=text, reading=reading, published=datetime.date(2025, 3, 1))
    [claim] = accept(statement, statement.proposals.get(), username="admin")
    assert claim.note == ("Differs from the records: 760 computed. Approximate, as reported: \u201cAbout 400 Kenyan "
                          "officers\u201d.")
