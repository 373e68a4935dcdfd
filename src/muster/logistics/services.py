"""Writes of logistics beyond one model's CRUD: a vehicle moves to another site; a breakdown opens a work order and
takes the vehicle out of service; closing the order returns it. Each runs in one transaction: every record is
stored, or none."""

from django.db import transaction

from muster.core.store import record_store

from .models import VehicleBasing, VehicleStatus, WorkOrder


@transaction.atomic
def vehicle_base(*, user, vehicle, site, since, note=""):
    """Base `vehicle` at `site` from `since` (a move, or its first basing). Returns the basing.

    Vehicle.site follows by VehicleBasing.save() (the one writer of it), whatever path stores a basing; this is
    the move as the demo and scripts make it, checked like the forms (a site of the vehicle's mission, open that
    day, one basing a day) and within `user`'s scope (`user` None is the system). `vehicle` is refreshed.
    """
    basing = record_store(user=user, record=VehicleBasing(vehicle=vehicle, site=site, since=since, note=note))
    vehicle.refresh_from_db(fields=["site", "version", "last_updated"])
    return basing


@transaction.atomic
def workorder_open(*, user, vehicle, opened, fault, contract=None, due=None,
                   status=VehicleStatus.Status.MAINTENANCE):
    """Open a work order for `vehicle` and record it `status` (under maintenance) from the day it opens.

    `user` None is the system (demo, import); otherwise both records must lie in the user's scope.
    """
    order = record_store(user=user, record=WorkOrder(vehicle=vehicle, contract=contract, fault=fault, opened=opened,
                                                     due=due))
    record_store(user=user, record=VehicleStatus(vehicle=vehicle, since=opened, status=status, note=fault[:300]))
    return order


@transaction.atomic
def workorder_close(*, user, work_order, closed, cost=None):
    """Close `work_order` on `closed` (cost in US cents) and return its vehicle to service that day."""
    work_order.closed = closed
    if cost is not None:
        work_order.cost = cost
    record_store(user=user, record=work_order)
    record_store(user=user, record=VehicleStatus(vehicle=work_order.vehicle, since=closed,
                                                 status=VehicleStatus.Status.OPERATIONAL,
                                                 note=f"Returned to service: {work_order.fault}"[:300]))
    return work_order
