"""A Guatemala liaison keeps Guatemala's records and sees nothing of Kenya's, anywhere."""

import pytest

from muster.core.models import User
from muster.core.testing import DocumentedAPIClient as APIClient
from muster.force.models import Contingent

pytestmark = pytest.mark.django_db


@pytest.fixture
def kenya(demo):
    return Contingent.objects.get(mission__code="MSS", country="KEN")


def test_a_kenyan_contingent_is_not_found_for_the_guatemala_liaison(signed_in, kenya):
    client = signed_in("liaison-gtm")
    assert client.get(f"/contingents/{kenya.pk}/").status_code == 404
    assert client.get(f"/contingents/{kenya.pk}/edit/").status_code == 404
    movement = kenya.movements.first()
    assert client.get(f"/movements/{movement.pk}/").status_code == 404
    api = APIClient()
    api.force_authenticate(User.objects.get(username="liaison-gtm"))
    assert api.get(f"/api/contingents/{kenya.pk}/").status_code == 404
    assert api.get(f"/api/movements/{movement.pk}/").status_code == 404


def test_the_liaison_cannot_choose_kenya_in_any_form(signed_in, kenya):
    client = signed_in("liaison-gtm")
    movement_form = client.get("/movements/add/").context["form"]
    assert kenya not in movement_form.fields["contingent"].queryset
    assert {c.country_id for c in movement_form.fields["contingent"].queryset} == {"GTM"}
    contingent_form = client.get("/contingents/add/").context["form"]
    assert list(contingent_form.fields["country"].queryset.values_list("iso3", flat=True)) == ["GTM"]
    filters = client.get("/movements/").context["filterset"].form
    assert list(filters.fields["country"].queryset.values_list("iso3", flat=True)) == ["GTM"]


def test_the_liaison_cannot_move_guatemalas_movement_into_kenya(signed_in, kenya):
    client = signed_in("liaison-gtm")
    guatemalan = Contingent.objects.get(mission__code="MSS", country="GTM").movements.first()
    form = client.get(f"/movements/{guatemalan.pk}/edit/").context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = client.post(f"/movements/{guatemalan.pk}/edit/", data | {"contingent": kenya.pk})
    assert response.status_code == 200 and "contingent" in response.context["form"].errors
    guatemalan.refresh_from_db()
    assert guatemalan.contingent.country_id == "GTM"


EXPORTS = ["/contingents/?export=csv", "/contingents/?export=xlsx", "/movements/?export=csv",
           "/movements/?export=xlsx", "/claims/?export=csv", "/dashboard/MSS/strength.csv?on=2025-02-06",
           "/dashboard/MSS/strength.csv?on=2025-02-06&part=claims", "/dashboard/MSS/strength.xlsx?on=2025-02-06",
           "/dashboard/GSF/strength.csv?on=2025-12-31"]


@pytest.mark.parametrize("url", EXPORTS)
def test_no_export_gives_the_liaison_a_kenyan_row(signed_in, url):
    liaison, officer = signed_in("liaison-gtm"), signed_in("j1")
    mine = liaison.get(url)
    assert mine.status_code == 200
    if url.split("?")[0].endswith("xlsx") or "xlsx" in url:
        import io

        from openpyxl import load_workbook

        def cells(content):
            book = load_workbook(io.BytesIO(content))
            return " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)

        text, everything = cells(mine.content), cells(officer.get(url).content)
    else:
        text, everything = mine.content.decode(), officer.get(url).content.decode()
    assert "Kenya" in everything or "KEN" in everything
    assert "Kenya" not in text and "KEN" not in text
    assert "Guatemala" in text or "GTM" in text


def test_the_liaisons_dashboard_shows_only_guatemala(signed_in):
    html = signed_in("liaison-gtm").get("/dashboard/MSS/", {"on": "2025-02-06"}).content.decode()
    assert 'data-country="GTM"' in html
    assert 'data-country="KEN"' not in html and "Kenya" not in html


def test_a_liaison_without_a_country_sees_no_contingent(signed_in, demo):
    user = User.objects.get(username="liaison-gtm")
    user.country = None
    user.save()
    client = signed_in("liaison-gtm")
    assert client.get("/contingents/").status_code == 403
