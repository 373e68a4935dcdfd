"""Rules that span rows hold when writers race: each write locks the record its rule is about (core.store).

Real transactions in real threads, each with its own database connection (PostgreSQL in CI's second run; SQLite
serializes writers at BEGIN). The demo's GSF Kenya contingent, six officers each recording a departure of 500 at
the same moment: every one is valid alone, together they would leave fewer than nobody.
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from muster.core.models import User
from muster.force.models import Contingent, Movement, Person, Tour
from muster.force.selectors import strength_at
from muster.force.services import movement_record
from muster.funding.models import FundingFlow, Transaction
from muster.funding.services import transaction_record

pytestmark = pytest.mark.usefixtures("demo_committed")

DAY = datetime.date(2025, 12, 31)


def race(count, write):
    """Run `write(i)` in `count` threads released together; [(i, None or the error it raised)]."""
    start = threading.Barrier(count)
    outcomes = [None] * count

    def run(i):
        try:
            start.wait()
            write(i)
            outcomes[i] = (i, None)
        except Exception as error:  # noqa: BLE001 — the outcome of each writer is what the test reads
            outcomes[i] = (i, error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_six_simultaneous_departures_leave_kenya_with_no_fewer_than_nobody():
    kenya = Contingent.objects.get(mission__code="GSF", country="KEN")
    j1 = User.objects.get(username="j1")
    before = strength_at(mission=kenya.mission, on=DAY, by=("contingent",)).rows
    strength = next(r.total for r in before if r.contingent == kenya.pk)
    assert strength == 888
    outcomes = race(6, lambda i: movement_record(user=j1, contingent=Contingent.objects.get(pk=kenya.pk),
                                                 kind=Movement.Kind.DEPARTURE, date=DAY, count=500,
                                                 note=f"writer {i}"))
    accepted = [i for i, error in outcomes if error is None]
    refused = [error for _i, error in outcomes if error is not None]
    assert len(accepted) == 1
    assert all(isinstance(e, ValidationError) and "cannot have fewer than none" in str(e) for e in refused), refused
    after = strength_at(mission=kenya.mission, on=DAY, by=("contingent",)).rows
    assert next(r.total for r in after if r.contingent == kenya.pk) == 388


def test_two_simultaneous_tours_of_one_officer_give_one_tour():
    guatemala = Contingent.objects.get(mission__code="GSF", country="GTM")
    j1 = User.objects.get(username="j1")
    person = Person.objects.create(country_id="GTM", service_number="GT-7777", family_name="Cojtí",
                                   given_names="Luis", rank="Sargento", grade="OR-5", sex="male")

    def add_tour(i):
        from muster.core.store import record_store

        record_store(user=j1, record=Tour(person=Person.objects.get(pk=person.pk),
                                          contingent=Contingent.objects.get(pk=guatemala.pk),
                                          arrival=datetime.date(2025, 11, 1) + datetime.timedelta(days=i)))

    outcomes = race(4, add_tour)
    assert sum(error is None for _i, error in outcomes) == 1
    assert all("already on a tour" in str(error) for _i, error in outcomes if error is not None), outcomes
    assert Tour.objects.filter(person=person).count() == 1


def test_simultaneous_spending_never_exceeds_what_the_flow_received():
    flow = FundingFlow.objects.filter(transactions__type=Transaction.Type.DISBURSEMENT).distinct().first()
    finance = User.objects.get(username="finance")
    received = sum(t.usd_value for t in flow.transactions.filter(type=Transaction.Type.DISBURSEMENT))
    spent = sum(t.usd_value for t in flow.transactions.filter(type=Transaction.Type.EXPENDITURE))
    left = received - spent
    assert left > 0
    share = left // 2 + 1  # any two of these together spend more than is left
    outcomes = race(4, lambda i: transaction_record(user=finance, flow=FundingFlow.objects.get(pk=flow.pk),
                                                    type=Transaction.Type.EXPENDITURE, date=DAY, amount=share,
                                                    currency="USD", description=f"writer {i}"))
    assert sum(error is None for _i, error in outcomes) == 1
    assert all("more" in str(error) and "than" in str(error) for _i, error in outcomes if error is not None)
    spent_after = sum(t.usd_value for t in flow.transactions.filter(type=Transaction.Type.EXPENDITURE))
    assert spent_after <= received
