"""Writes of funding that are more than one model's CRUD: every figure recorded with the source that gives it."""

from django.db import transaction

from muster.sources.services import record_store_cited

from .models import Transaction


def funding_record(*, user, record, source, quote="", locator="", many=None):
    """Validate and store `record` (a flow, transaction, contract, budget, rate or fund total), then cite `source`.

    `user` None is the system itself (demo, import run by an administrator on the server); otherwise the
    record must lie in the user's scope. `many` is {field: [objects]} for many-to-many fields. A transaction is
    stored under a lock on its flow, so two at once cannot together spend more than the flow received.
    """
    return record_store_cited(user=user, record=record, source=source, quote=quote, locator=locator, many=many)


@transaction.atomic
def transaction_record(*, user, flow, type, date, amount, currency="USD", description="", reference="",
                       source=None, quote=""):
    """Record one transaction of `flow` (amount in minor units of `currency`) with the source that reports it."""
    record = Transaction(flow=flow, type=type, date=date, amount=amount, currency=currency,
                         description=description, reference=reference)
    return funding_record(user=user, record=record, source=source, quote=quote)
