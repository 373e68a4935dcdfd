"""The intake pages: submitting, the review page (text with each proposal's words marked, what each would record
beside the records), accepting, editing and rejecting from it, and what a liaison is shown."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from muster.force.models import Movement
from muster.funding.models import FundingFlow
from muster.intake.models import Proposal, Statement
from muster.intake.services import statement_submit
from muster.sources.models import Claim, Source
from tests.page_weight import PAGE_BUDGET, weigh

from .helpers import KENYA_TEXT, PUBLISHED, Found, Reading, Span, kenya_reading, mss

pytestmark = pytest.mark.django_db


def submit(username="j1", text=KENYA_TEXT, reading=None):
    return statement_submit(user=get_user_model().objects.get(username=username), mission=mss(), text=text,
                            publisher="Ministry of Interior", published=PUBLISHED,
                            reading=reading or kenya_reading(text))


def test_the_review_page_marks_each_proposals_words_and_says_what_it_would_record(signed_in):
    statement = submit()
    page = signed_in("j1").get(statement.get_absolute_url())
    html = page.content.decode()
    arrival = statement.proposals.get(kind="movement")
    assert (f'<mark id="words-{arrival.pk}">an additional 144 police officers comprising 120 men and 24 women'
            "</mark>") in html
    assert f'href="#words-{arrival.pk}"' in html
    recorded = Movement.objects.get(contingent__country="KEN", date=datetime.date(2025, 2, 6), kind="arrival")
    assert f'movement #{recorded.pk}</a> (already recorded)' in html
    assert "differs from the records: 761 computed" in html
    assert "the donor has no flow in this mission that you may see" in html  # J1 sees no funding flows
    html = signed_in("finance").get(statement.get_absolute_url()).content.decode()
    flows = FundingFlow.objects.filter(mission__code="MSS", donor__country="USA").count()
    assert f"the donor has {flows} flows in this mission; edit it to choose one" in html


def test_accept_all_from_the_review_page_records_what_it_can_and_names_what_it_cannot(signed_in):
    statement = submit()
    client = signed_in("admin")
    claims = Claim.objects.count()
    versions = {f"version-{p.pk}": p.version for p in statement.proposals.all()}
    response = client.post(statement.get_absolute_url(), {"accept_all": "1", "kind": "press_statement",
                                                          "reliability": "B", "credibility": "2", **versions},
                           follow=True)
    # The funding proposal has several flows to choose from: nothing is stored, and it says which and why.
    assert "Nothing was recorded" in response.content.decode() and "waivers for $40.7 million" in (
        response.content.decode())
    assert Claim.objects.count() == claims
    funding = statement.proposals.get(kind="funding")
    client.post(statement.get_absolute_url(), {"reject": funding.pk, "kind": "press_statement", "reliability": "B",
                                               "credibility": "2", f"version-{funding.pk}": funding.version})
    response = client.post(statement.get_absolute_url(), {"accept_all": "1", "kind": "press_statement",
                                                          "reliability": "B", "credibility": "2"}, follow=True)
    assert "Accepted: 2 records written or cited." in response.content.decode()
    assert Claim.objects.count() == claims + 1
    assert Source.objects.get(statements=statement).grade == "B2"
    assert set(statement.proposals.values_list("status", flat=True)) == {"accepted", "rejected"}


def test_a_stale_accept_from_the_review_page_is_refused_with_a_clear_message(signed_in):
    statement = submit()
    claim = statement.proposals.get(kind="claim")
    client = signed_in("j1")
    edit = client.post(claim.get_absolute_url(), {
        f"p{claim.pk}-version": claim.version, f"p{claim.pk}-country": "KEN", f"p{claim.pk}-metric": "strength",
        f"p{claim.pk}-value": 745, f"p{claim.pk}-as_of": "2025-02-06", "save": "1",
        "kind": "press_statement", "reliability": "F", "credibility": "6"})
    assert edit.status_code == 302
    claims = Claim.objects.count()
    response = client.post(statement.get_absolute_url(), {"accept": claim.pk, f"version-{claim.pk}": claim.version,
                                                          "kind": "press_statement", "reliability": "F",
                                                          "credibility": "6"}, follow=True)
    assert "changed by someone else" in response.content.decode()
    assert Claim.objects.count() == claims


def test_editing_a_proposal_validates_its_fields_like_the_records_form(signed_in):
    statement = submit()
    arrival = statement.proposals.get(kind="movement")
    prefix = f"p{arrival.pk}-"
    data = {f"{prefix}version": arrival.version, f"{prefix}country": "KEN", f"{prefix}kind": "arrival",
            f"{prefix}count": 10, f"{prefix}men": 8, f"{prefix}women": 5, f"{prefix}date": "2025-02-06",
            "accept": "1", "kind": "press_statement", "reliability": "F", "credibility": "6"}
    response = signed_in("j1").post(arrival.get_absolute_url(), data)
    assert response.status_code == 200 and "Men and women make 13, more than the count." in response.content.decode()
    data |= {f"{prefix}date": "2023-01-05", f"{prefix}women": 2}
    response = signed_in("j1").post(arrival.get_absolute_url(), data)
    assert "MSS started on 2023-10-02" in response.content.decode()
    assert Proposal.objects.get(pk=arrival.pk).status == "pending"


def test_a_liaison_is_not_shown_nor_counted_nor_let_review_another_countrys_proposals(signed_in):
    statement = submit(username="liaison-gtm")
    client = signed_in("liaison-gtm")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<mark" not in page and "761" not in page and "This statement proposes no record" in page
    def counted(username):
        rows = signed_in(username).get(reverse("intake:statement_list")).context["rows"]
        return {obj.pk: (obj.proposal_count, obj.pending_count) for obj, _cells in rows}

    # The list counts only the proposals its reader may see: none of the liaison's own statement's are Guatemala's.
    assert counted("liaison-gtm") == {statement.pk: (0, 0)}
    assert counted("j1")[statement.pk] == (3, 3)
    claim = statement.proposals.get(kind="claim")
    assert client.get(claim.get_absolute_url()).status_code == 404
    response = client.post(statement.get_absolute_url(), {"accept": claim.pk, f"version-{claim.pk}": 1,
                                                          "kind": "press_statement", "reliability": "F",
                                                          "credibility": "6"})
    assert response.status_code == 404
    assert signed_in("liaison-ken").get(statement.get_absolute_url()).status_code == 404
    assert Claim.objects.filter(source__statements=statement).count() == 0


def test_the_donor_has_no_intake(signed_in):
    client = signed_in("donor-usa")
    assert client.get(reverse("intake:statement_list")).status_code == 403
    assert client.get(reverse("intake:statement_add")).status_code == 403
    assert "Intake" not in client.get(reverse("home")).content.decode().split("</nav>")[0]
    assert 'href="/intake/"' in signed_in("j3").get(reverse("home")).content.decode()


def _statement_of(n):
    """A statement of `n` arrivals of different sizes, each its own sentence."""
    sentences = [f"{20 + i} Guatemalan soldiers arrived on 10 March 2025." for i in range(n)]
    text = "\n\n".join(sentences)
    proposals, position = [], 0
    for i, sentence in enumerate(sentences):
        proposals.append(Found(kind="movement", fields={"country": "GTM", "category": "", "kind": "arrival",
                                                        "count": 20 + i, "men": None, "women": None,
                                                        "date": "2025-03-10"},
                               span=Span(position, position + len(sentence))))
        position += len(sentence) + 2
    return submit(text=text, reading=Reading(language="en", language_detected=False, proposals=proposals))


def test_the_review_page_takes_the_same_queries_for_5_and_50_proposals(signed_in):
    client = signed_in("j1")
    small, large = _statement_of(5), _statement_of(50)
    client.get(small.get_absolute_url())

    def queries(statement):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(statement.get_absolute_url()).status_code == 200
        return len(captured)

    assert queries(small) == queries(large)
    assert Statement.objects.count() >= 2


SPANISH_POST = ("El Ejército de Guatemala informa que este martes llegaron a Puerto Príncipe ciento cincuenta "
                "soldados guatemaltecos, entre ellos doce mujeres.")


def test_a_statement_pasted_on_the_page_is_read_and_shown_for_review(signed_in):
    client = signed_in("j1")
    assert client.get(reverse("intake:statement_add")).status_code == 200
    response = client.post(reverse("intake:statement_add"), {
        "mission": "MSS", "text": SPANISH_POST, "publisher": "Ejército de Guatemala", "published_on": "2025-03-12"})
    statement = Statement.objects.get()
    assert response.status_code == 302 and response["Location"] == statement.get_absolute_url()
    assert (statement.language, statement.language_detected) == ("es", True)
    arrival = statement.proposals.get(kind="movement")
    # "este martes" read against Wednesday 12 March 2025: Tuesday the 11th.
    assert {k: arrival.fields[k] for k in ("country", "kind", "count", "women", "date")} == {
        "country": "GTM", "kind": "arrival", "count": 150, "women": 12, "date": "2025-03-11"}
    page = client.get(statement.get_absolute_url()).content.decode()
    assert f'<mark id="words-{arrival.pk}">' in page and "A new movement" in page


def test_a_file_is_read_and_bad_input_refused_naming_the_field_with_nothing_stored(signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in("j1")
    form = {"mission": "MSS", "publisher": "Ejército de Guatemala", "published_on": "2025-03-12"}
    html = f"<html><head><script>var x = 1;</script></head><body><p>{SPANISH_POST}</p></body></html>".encode()
    sent = client.post(reverse("intake:statement_add"), form | {"file": SimpleUploadedFile("post.html", html)})
    assert sent.status_code == 302 and Statement.objects.get().filename == "post.html"
    assert "var x" not in Statement.objects.get().text

    def refused(data, field):
        response = client.post(reverse("intake:statement_add"), data)
        assert response.status_code == 200 and field in response.context["form"].errors, response.context["form"].errors
        return " ".join(response.context["form"].errors[field])

    assert "empty" in refused(form | {"text": "  "}, "text")
    assert "the limit is 30,000" in refused(form | {"text": "The mission. " * 3_000}, "text")
    assert "MSS started on 2023-10-02" in refused(form | {"text": SPANISH_POST, "published_on": "2023-01-01"},
                                                  "published_on")
    assert "limit" in refused(form | {"file": SimpleUploadedFile("big.txt", b"The mission. " * 400_000)}, "file")
    assert refused(form | {"file": SimpleUploadedFile("post.txt", b"\x00\x01\x02\xff" * 200)}, "file")
    assert "Say who published it" in refused(form | {"text": SPANISH_POST, "publisher": ""}, "publisher")
    assert Statement.objects.count() == 1


def test_the_review_page_of_the_longest_statement_full_of_figures_keeps_within_the_page_budget(signed_in):
    sentence = ("On 10 March 2025 the army of Guatemala said that {n} more soldiers of its military police arrived at "
                "the base in Port-au-Prince, where they will join the contingent already there.")
    parts, proposals, position = [], [], 0
    while position < 29_500:
        n = 20 + len(parts)
        text = sentence.format(n=n)
        start = position + text.index(str(n))
        proposals.append(Found(kind="movement", fields={"country": "GTM", "category": "military", "kind": "arrival",
                                                        "count": n, "men": None, "women": None, "date": "2025-03-10"},
                               span=Span(start, start + 70)))
        parts.append(text)
        position += len(text) + 1
    statement = submit(text=" ".join(parts), reading=Reading(language="en", language_detected=False,
                                                             proposals=proposals))
    assert len(proposals) > 150
    uncompressed, _transferred, html = weigh(signed_in("j1"), statement.get_absolute_url())
    assert uncompressed <= PAGE_BUDGET, uncompressed
    assert html.count("<mark ") == len(proposals) and "Page 1 of 4" in html


def test_accept_all_is_refused_when_a_proposal_on_another_page_changed_since_the_page_was_read(signed_in):
    statement = _statement_of(60)
    client = signed_in("j1")
    page = client.get(statement.get_absolute_url()).content.decode()
    versions = re.search(r'name="versions" value="([^"]+)"', page).group(1)
    assert len(versions.split(",")) == 60, "every waiting proposal's version, the second page's too"
    last = statement.proposals.order_by("start").last()
    edited = client.post(last.get_absolute_url(), {
        f"p{last.pk}-version": last.version, f"p{last.pk}-country": "GTM", f"p{last.pk}-kind": "arrival",
        f"p{last.pk}-count": 79, f"p{last.pk}-date": "2025-03-11", "save": "1", "kind": "press_statement",
        "reliability": "F", "credibility": "6"})
    assert edited.status_code == 302
    movements = Movement.objects.count()
    response = client.post(statement.get_absolute_url(), {"accept_all": "1", "versions": versions,
                                                          "kind": "press_statement", "reliability": "F",
                                                          "credibility": "6"}, follow=True)
    assert "changed by someone else" in response.content.decode()
    assert Movement.objects.count() == movements


def test_accept_is_offered_only_where_the_reader_may_add_the_record_it_writes(signed_in):
    """J3 reviews statements but keeps no movements or claims (they read them): no Accept on those rows, which the
    store would refuse; Edit and Reject stay. J1 keeps both, and is offered Accept."""
    statement = submit()
    arrival, total = statement.proposals.get(kind="movement"), statement.proposals.get(kind="claim")
    for username, offered in (("j3", False), ("j1", True)):
        client = signed_in(username)
        html = client.get(statement.get_absolute_url()).content.decode()
        for proposal in (arrival, total):
            row = html.split(f'<tr id="row-{proposal.pk}">')[1].split("</tr>")[0]
            assert (f'name="accept" value="{proposal.pk}"' in row) is offered, (username, proposal.kind)
            assert f'name="reject" value="{proposal.pk}"' in row
        detail = client.get(arrival.get_absolute_url()).content.decode()
        assert ("Accept as edited" in detail) is offered and "Save for later" in detail
