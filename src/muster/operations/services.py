"""Writing operations' records: an incident with its casualties, as one act with the roll and strength.

Every write goes through the one store (core.store.record_store / sources.services.record_store_cited), so scope,
validation under lock, change log and citations are those of every other record. The functions below are the only
way a casualty, or an incident that has casualties, is written or removed: pages, the API, the ACLED import and the
demo call them.
"""


def incident_store(*, user, incident, many=None, source=None, quote="", locator=""):
    """Store `incident` (add or change) for `user`, citing `source` when given, in one transaction. When a stored
    incident's date changes, its casualties' movements and duty statuses move with it (each casualty re-recorded
    through casualty_record), so that strength, the roll and the incident keep agreeing. Returns the incident."""
    raise NotImplementedError  # being written


def incident_delete(*, user, incident):
    """Remove `incident` and, first, each of its casualties (casualty_delete), in one transaction."""
    raise NotImplementedError  # being written


def casualty_record(*, user, casualty, source=None, quote="", locator=""):
    """Store `casualty` (add or change) for `user`, in one transaction, with what it means for the roll and strength:

    - the officer's duty status (`casualty.tour` given) from the incident's date: killed, wounded, evacuated,
      missing (Casualty.DUTY_STATUS), kept in `casualty.duty_status`;
    - where the outcome changes strength (Casualty.MOVEMENT_KIND: killed, evacuated, missing; not wounded treated
      in theatre), a casualty movement of `casualty.count` on the contingent on the incident's date, kept in
      `casualty.movement`;
    - each citing `source` (the casualty, its movement, its duty status), when given.

    A correction (another outcome, officer, count, or incident date) corrects or removes exactly what the casualty
    wrote before. Refused, naming the field, with nothing stored: a contingent of another mission than the
    incident's, an officer not on the contingent's roll on the incident's date, more than one for a named officer,
    more mission personnel killed or wounded than the incident says were involved, a movement that would take
    strength below nobody. Returns the casualty."""
    raise NotImplementedError  # being written


def casualty_delete(*, user, casualty):
    """Remove `casualty` and what it wrote (its movement, its duty status), in one transaction."""
    raise NotImplementedError  # being written
