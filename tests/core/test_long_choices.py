"""A list page offers a long choice (contingents, vehicles, sites) once other filters narrow it: at field scale
(bench/pages.py: 5,000 contingents) the movement and people lists weighed 460 KB, 370 KB of it one <select>."""

import re

import pytest

from muster.core import filtersets
from muster.force.models import Contingent

pytestmark = pytest.mark.django_db


def offered(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_a_chosen_mission_narrows_the_contingents_offered_to_its_own(signed_in):
    client = signed_in("j1")
    mss = set(Contingent.objects.filter(mission__code="MSS").values_list("pk", flat=True))
    assert 0 < len(mss) < Contingent.objects.count()  # the demo has GSF's contingents too

    everything = offered(client.get("/movements/").content.decode(), "contingent")
    assert {int(v) for v, _ in everything if v} == set(Contingent.objects.values_list("pk", flat=True))

    html = client.get("/movements/", {"mission": "MSS"}).content.decode()
    assert {int(v) for v, _ in offered(html, "contingent") if v} == mss


def test_a_long_list_with_nothing_to_narrow_it_is_not_offered_and_says_what_to_choose(signed_in, monkeypatch):
    monkeypatch.setattr(filtersets, "CHOICES_OFFERED_AT_MOST", 3)
    client = signed_in("j1")
    kenya = Contingent.objects.filter(mission__code="MSS", country__iso3="KEN").first()

    assert offered(client.get("/movements/").content.decode(), "contingent") == [
        ("", "— choose a mission, country or category first —")]
    # The one chosen stays chosen, and the list and the API filter by any contingent within scope.
    chosen = client.get("/movements/", {"contingent": kenya.pk})
    assert [v for v, _ in offered(chosen.content.decode(), "contingent")] == ["", str(kenya.pk)]
    assert f'<option value="{kenya.pk}" selected>' in chosen.content.decode()
    assert chosen.context["page"].paginator.count == kenya.movements.count() > 0
    api = client.get("/api/movements/", {"contingent": kenya.pk})
    assert api.status_code == 200 and api.json()["count"] == kenya.movements.count()


def test_the_table_updated_alone_brings_the_narrowed_choices_with_it(signed_in):
    response = signed_in("j1").get("/movements/", {"mission": "GSF"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html  # the table alone, and the select that htmx swaps in by its id
    swapped = re.search(r'<select name="contingent"[^>]*>', html).group(0)
    assert 'hx-swap-oob="true"' in swapped and 'id="id_contingent"' in swapped
    gsf = set(Contingent.objects.filter(mission__code="GSF").values_list("pk", flat=True))
    assert {int(v) for v, _ in offered(html, "contingent") if v} == gsf
