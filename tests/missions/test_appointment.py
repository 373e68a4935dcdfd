"""Appointments: every view and API endpoint (the kit), and who reads them under the standard roles."""

import datetime

import pytest
from django.test import Client, TestCase
from django.urls import reverse

from muster.core import testing as kit
from muster.core.store import record_store
from muster.missions.models import Appointment, Country, Mission
from tests.factories import MissionFactory


def _appointment(mission, **fields):
    return record_store(user=None, record=Appointment(
        mission=mission, **({"person": "Godfrey Otunge", "role": "commander", "since": datetime.date(2024, 6, 25)}
                            | fields)))


class AppointmentTests(kit.ObjectViewTests, kit.ConstrainedObjectViewTests, kit.ObjectAPITests,
                       kit.ConstrainedObjectAPITests, TestCase):
    model = Appointment
    constraint = {"mission": "MSS"}

    @classmethod
    def make_object(cls, *, in_scope=True):
        return _appointment(MissionFactory(code="MSS" if in_scope else "GSF"))

    def form_data(self, *, in_scope=True):
        mission = MissionFactory(code="MSS" if in_scope else "GSF")
        return {"mission": mission.pk, "person": "Godfrey Otunge", "role": "commander", "country": "KEN",
                "since": "2024-06-25"}

    def form_changes(self):
        return {"until": "2025-10-02"}

    def form_moving_out(self):
        return {"mission": MissionFactory(code="GSF").pk}

    def api_data(self, *, in_scope=True):
        return {"mission": "MSS" if in_scope else MissionFactory(code="GSF").code, "person": "Godfrey Otunge",
                "role": "commander", "country": "KEN", "since": "2024-06-25"}

    def api_changes(self):
        return {"until": "2025-10-02"}

    def api_moving_out(self):
        return {"mission": MissionFactory(code="GSF").code}


def test_an_appointment_cannot_end_before_it_starts(demo, signed_in):
    mission = Mission.objects.get(code="MSS")
    response = signed_in("j1").post(reverse("missions:appointment_add"), {
        "mission": mission.pk, "person": "Godfrey Otunge", "role": "commander", "country": "KEN",
        "since": "2024-06-25", "until": "2024-06-01"})
    assert response.status_code == 200
    assert "cannot end before it starts (2024-06-25)" in response.content.decode()
    assert not Appointment.objects.filter(person="Godfrey Otunge").exists()


@pytest.mark.parametrize("who", ["j1", "j3"])
def test_j1_and_j3_keep_appointments(demo, signed_in, who):
    mission = Mission.objects.get(code="GSF")
    response = signed_in(who).post(reverse("missions:appointment_add"), {
        "mission": mission.pk, "person": "Jack Ombaka", "role": "commander", "country": "KEN",
        "since": "2025-10-02"})
    assert response.status_code == 302
    assert Appointment.objects.get(person="Jack Ombaka").country_id == "KEN"


def test_a_liaison_reads_their_countrys_and_the_missions_own_appointments_not_anothers(demo, signed_in):
    mss = Mission.objects.get(code="MSS")
    kenyan = _appointment(mss, country=Country.objects.get(pk="KEN"))
    guatemalan = _appointment(mss, person="Juan Pérez", role="contingent commander",
                              country=Country.objects.get(pk="GTM"))
    mission_own = _appointment(mss, person="María Isabel Salvador", role="special representative")
    client = signed_in("liaison-gtm")
    listed = client.get(reverse("missions:appointment_list") + "?mission=MSS").content.decode()
    assert "Juan Pérez" in listed and "María Isabel Salvador" in listed
    assert "Godfrey Otunge" not in listed
    assert client.get(guatemalan.get_absolute_url()).status_code == 200
    assert client.get(mission_own.get_absolute_url()).status_code == 200
    assert client.get(kenyan.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:appointment-detail", args=[guatemalan.pk])).status_code == 200
    assert client.get(reverse("api:appointment-detail", args=[kenyan.pk])).status_code == 404
    assert signed_in("donor-usa").get(kenyan.get_absolute_url()).status_code == 200
    assert signed_in("liaison-gtm").post(reverse("missions:appointment_add"), {
        "mission": mss.pk, "person": "Juan Pérez", "role": "commander", "country": "GTM",
        "since": "2025-01-01"}).status_code == 403


def test_a_grant_of_the_missions_own_posts_keeps_them_and_refuses_a_countrys(demo):
    keeper = kit.make_user("posts", grants=[(["missions.appointment"], ["view", "add", "change"], {"no_country": True}),
                                            (["missions.mission", "missions.country"], ["view"], None)])
    client = Client()
    client.force_login(keeper)
    mission = Mission.objects.get(code="GSF")
    assert client.get(reverse("missions:appointment_add")).status_code == 200
    data = {"mission": mission.pk, "person": "Jack Ombaka", "role": "force commander", "since": "2025-10-02"}
    response = client.post(reverse("missions:appointment_add"), data | {"country": "KEN"})
    assert response.status_code == 200 and "outside what you may" in response.content.decode()
    assert not Appointment.objects.filter(person="Jack Ombaka").exists()
    assert client.post(reverse("missions:appointment_add"), data).status_code == 302
    assert Appointment.objects.get(person="Jack Ombaka").country is None


def test_the_missions_page_shows_its_authorizations_its_successor_and_who_holds_its_posts_as_each_may_see(
        demo, signed_in):
    mss = Mission.objects.get(code="MSS")
    _appointment(mss, person="Godfrey Otunge", role="force commander", country=Country.objects.get(pk="KEN"),
                 until=datetime.date(2025, 10, 2))
    _appointment(mss, person="Juan Pérez", role="contingent commander", country=Country.objects.get(pk="GTM"),
                 since=datetime.date(2025, 3, 20))
    _appointment(mss, person="María Isabel Salvador", role="special representative", since=datetime.date(2024, 7, 1))

    page = signed_in("j1").get(mss.get_absolute_url()).content.decode()
    for resolution in ("UNSC resolution 2699 (2023)", "UNSC resolution 2751 (2024)"):
        assert resolution in page
    assert "UNSC resolution 2793 (2025)" not in page  # the GSF's own
    assert "Gang Suppression Force" in page and "from 2 Oct 2025" in page
    # In post first, the latest first; then those who held a post.
    assert page.index("Juan Pérez") < page.index("María Isabel Salvador") < page.index("Godfrey Otunge")
    assert "Record an appointment" in page and f"{reverse('missions:appointment_add')}?mission={mss.pk}" in page
    assert reverse("reports:strength", args=["MSS"]) in page and reverse("reports:sitrep", args=["MSS"]) in page

    liaison = signed_in("liaison-gtm").get(mss.get_absolute_url()).content.decode()
    assert "Juan Pérez" in liaison and "María Isabel Salvador" in liaison
    assert "Godfrey Otunge" not in liaison  # another country's post
    assert "Record an appointment" not in liaison
