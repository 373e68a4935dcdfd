"""Writes of logistics beyond one model's CRUD: a breakdown opens a work order and takes the vehicle out of
service; closing the order returns it. Each runs in one transaction: both records are stored, or neither."""

from django.db import transaction

from muster.core.permissions import enforce_scope

from .models import VehicleStatus, WorkOrder


def _store(record, user, action):
    record.full_clean()
    record.save()
    if user is not None:
        enforce_scope(user=user, instance=record, action=action)
    return record


@transaction.atomic
def workorder_open(*, user, vehicle, opened, fault, contract=None, due=None,
                   status=VehicleStatus.Status.MAINTENANCE):
    """Open a work order for `vehicle` and record it `status` (under maintenance) from the day it opens.

    `user` None is the system (demo, import); otherwise both records must lie in the user's scope.
    """
    order = _store(WorkOrder(vehicle=vehicle, contract=contract, fault=fault, opened=opened, due=due), user, "add")
    _store(VehicleStatus(vehicle=vehicle, since=opened, status=status, note=fault[:300]), user, "add")
    return order


@transaction.atomic
def workorder_close(*, user, work_order, closed, cost=None):
    """Close `work_order` on `closed` (cost in US cents) and return its vehicle to service that day."""
    work_order.closed = closed
    if cost is not None:
        work_order.cost = cost
    _store(work_order, user, "change")
    _store(VehicleStatus(vehicle=work_order.vehicle, since=closed, status=VehicleStatus.Status.OPERATIONAL,
                         note=f"Returned to service: {work_order.fault}"[:300]), user, "add")
    return work_order
