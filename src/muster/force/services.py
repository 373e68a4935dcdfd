"""Writes of the force that are more than one model's CRUD: recording movements, re-hatting."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from muster.core.permissions import enforce_scope
from muster.sources.services import citation_attach

from .models import Contingent, Movement
from .selectors import strength_at


@transaction.atomic
def movement_record(*, user, contingent, kind, date, count, men=0, women=0, unknown=None, note="",
                    source=None, quote=""):
    """Record personnel entering or leaving `contingent`, with the source that reported it.

    `unknown` defaults to whatever of `count` is not given as men or women. `user` None means the
    system itself (demo loading, re-hatting); otherwise the movement must lie in the user's scope.
    """
    if unknown is None:
        unknown = max(count - men - women, 0)
    movement = Movement(contingent=contingent, kind=kind, date=date, count=count, men=men, women=women,
                        unknown=unknown, note=note)
    movement.full_clean()
    movement.save()
    if user is not None:
        enforce_scope(user=user, instance=movement, action="add")
    if source is not None:
        citation_attach(record=movement, source=source, quote=quote)
    return movement


@transaction.atomic
def contingent_rehat(*, predecessor_mission, successor_mission, on, source=None, quote=""):
    """Transfer every contingent of `predecessor_mission` present on `on` to `successor_mission`.

    Each contingent's personnel leave the predecessor by a transfer-out and join the successor's
    matching contingent (created if need be, linked by `predecessor`) by a transfer-in on the same
    day, with the same men, women and unknown. Each mission keeps its own history; the successor's
    strength continues from the predecessor's. Returns the successor contingents.
    """
    if successor_mission.start > on:
        raise ValidationError({"on": _("%(mission)s starts on %(start)s, after the transfer date.")
                               % {"mission": successor_mission.code, "start": successor_mission.start}})
    # Strength at the end of `on`: whatever else happened to a contingent that day moves across with it.
    present = strength_at(mission=predecessor_mission, on=on, by=("contingent",))
    contingents = Contingent.objects.in_bulk([row.contingent for row in present.rows])
    successors = []
    for row in present.rows:
        old = contingents[row.contingent]
        new, _created = Contingent.objects.get_or_create(
            mission=successor_mission, country=old.country, category=old.category,
            parent_service=old.parent_service,
            defaults={"predecessor": old, "pledged_strength": old.pledged_strength},
        )
        parts = {"count": row.total, "men": row.men, "women": row.women, "unknown": row.unknown}
        movement_record(user=None, contingent=old, kind=Movement.Kind.TRANSFER_OUT, date=on,
                        note=_("Re-hatted to %s") % successor_mission.code, source=source, quote=quote, **parts)
        movement_record(user=None, contingent=new, kind=Movement.Kind.TRANSFER_IN, date=on,
                        note=_("Re-hatted from %s") % predecessor_mission.code, source=source, quote=quote,
                        **parts)
        successors.append(new)
    return successors
