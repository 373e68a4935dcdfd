"""The roll import's matching: a roll's rows against what Muster holds, as the records to create or change.

A row's person is matched by country + service number (updated, not duplicated); its tour by person, contingent
and arrival date; its site, when the file has a Site column, by name among the mission's sites. Every record is
checked as its model checks it (`full_clean()`), and a tour against the person's other tours, without a query per
row: the stored people, tours, sites and latest postings are read once for the whole file. Nothing is written
here; `roll_write` stores what this returns, and `services.roll_import` runs both in one transaction.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from muster.core.changelog import serialize
from muster.places.models import Site

from .imports import PERSON_FIELDS, TOUR_FIELDS, RowError, normalize, roll_row_parse, text
from .models import Person, Posting, Tour

ROLL_PROGRESS_ROWS = 500  # rows checked between two reports of a roll import's progress


@dataclass
class RollChanges:
    """What a roll would change: the records to create, those to change (record, before, after), and every
    refused row's errors. `created_after` keeps each new record's change-log entry, serialized during the checks."""

    errors: list = field(default_factory=list)
    people_new: list = field(default_factory=list)
    people_changed: list = field(default_factory=list)  # [(person, before, after)]
    tours_new: list = field(default_factory=list)
    tours_changed: list = field(default_factory=list)  # [(tour, before, after)]
    postings: "RollPostings | None" = None  # from the optional Site column
    created_after: dict = field(default_factory=dict)  # id(record) -> its log entry
    unchanged: int = 0


def roll_match(*, user, contingent, roll, as_of, filename="", progress=None):
    """`roll`'s rows (imports.RollFile) for `contingent` as RollChanges, against what is stored.

    `user` (None: the system) bounds the sites a row may name and the tours a conflict may name (need to know).
    `progress(done, total)` hears how many rows are checked.
    """
    labels = roll.headers
    country = contingent.country
    numbers = [text(cells.get("service_number")) for _n, cells in roll.rows]
    existing = {p.service_number: p for p in Person.objects.filter(country=country, service_number__in=set(numbers))}
    tours_of = defaultdict(list)
    for tour in Tour.objects.filter(person__in=existing.values()).select_related("contingent"):
        tours_of[tour.person_id].append(tour)
    # Which of those the importer may see: a conflict with any other is refused without naming it (need to know).
    seen_tours = None if user is None else set(
        Tour.objects.restrict(user, "view").filter(person__in=existing.values()).values_list("pk", flat=True))
    seen = {}
    changes = RollChanges()
    people_new, people_changed = changes.people_new, changes.people_changed
    tours_new, tours_changed = changes.tours_new, changes.tours_changed
    # The Site column, when the file has one: two queries for the whole file, none per row.
    postings = changes.postings = RollPostings(user=user, contingent=contingent, as_of=as_of, label=labels["site"],
                                               filename=filename) if "site" in labels else None
    created_after = changes.created_after

    for checked, (number, cells) in enumerate(roll.rows):
        if progress and checked % ROLL_PROGRESS_ROWS == 0:
            progress(checked, len(roll.rows))
        values, errors = roll_row_parse(number=number, cells=cells, labels=labels)
        service_number = values.get("service_number") or ""
        if service_number in seen:
            errors.append(RowError(number, labels["service_number"],
                                   _("service number %(number)s is also on row %(row)s.")
                                   % {"number": service_number, "row": seen[service_number]}))
        elif service_number:
            seen[service_number] = number
        person = existing.get(service_number) or Person(country=country, service_number=service_number)
        before = serialize(person) if person.pk else None
        for name in PERSON_FIELDS:
            if name in values and not any(e.column == labels.get(name) for e in errors):
                setattr(person, name, values[name] if values[name] is not None else
                        (None if name == "date_of_birth" else ""))
        errors += _model_errors(person, number, labels, exclude=["country"])
        arrival = values.get("arrival")
        tour = next((t for t in tours_of.get(person.pk, ()) if t.contingent_id == contingent.pk
                     and t.arrival == arrival), None) if person.pk else None
        tour_before = serialize(tour) if tour else None
        tour = tour or Tour(person=person, contingent=contingent)
        tour.contingent = contingent
        for name in TOUR_FIELDS:
            if name in values and not any(e.column == labels.get(name) for e in errors):
                setattr(tour, name, values[name] if name != "departure_reason" else values[name] or "")
        if "planned_end" not in labels or values.get("planned_end") is None:
            tour.planned_end = tour.planned_end if tour.pk and "planned_end" not in labels else None
        tour._overlap_checked = True  # checked below against this person's other tours, without a query per row
        errors += _model_errors(tour, number, labels, exclude=["person", "contingent"])
        if not errors and tour.arrival:
            for other in tours_of.get(person.pk, ()):
                if other.pk != tour.pk and other.arrival < (tour.departure or datetime.date.max) and \
                        tour.arrival < (other.departure or datetime.date.max):
                    if seen_tours is not None and other.pk not in seen_tours:
                        reason = _("this tour conflicts with a record you may not see; ask the personnel officer.")
                    else:
                        reason = _("this person is already on a tour from %(arrival)s (%(mission)s).") % {
                            "arrival": other.arrival, "mission": other.contingent.mission.code}
                    errors.append(RowError(number, labels["arrival"], reason))
                    break
        posted = False
        if postings is not None and not errors and values.get("site"):
            tour.person = person  # in hand: the posting's log names the officer without a query
            error = postings.check(number=number, tour=tour, name=values["site"])
            if error is not None:
                errors.append(error)
            posted = error is None and postings.pending(tour)
        if errors:
            changes.errors += errors
            continue
        person_after = serialize(person)
        if before is None:
            people_new.append(person)
            created_after[id(person)] = person_after
        elif before != person_after:
            people_changed.append((person, before, person_after))
        tour_after = serialize(tour)
        if tour.pk is None:
            tours_new.append(tour)
            created_after[id(tour)] = tour_after
        elif tour_before != tour_after:
            tours_changed.append((tour, tour_before, tour_after))
        elif before == person_after and not posted:
            changes.unchanged += 1
    return changes


class RollPostings:
    """The Site column of a roll import: each row's site by name, and the postings it makes or corrects.

    Sites are matched by name among those of the contingent's mission the importer may see (all of them for the
    system), case- and accent-insensitively; each tour's latest posting is read once for the whole file.
    """

    def __init__(self, *, user, contingent, as_of, label, filename):
        self.contingent, self.as_of, self.label = contingent, as_of, label
        self.reason = (_("Roll import: %s") % filename if filename else _("Roll import"))[:300]
        sites = Site.objects.all() if user is None else Site.objects.restrict(user, "view")
        self.sites = {}
        for site in sites.filter(mission_id=contingent.mission_id).order_by("name"):
            site.mission = contingent.mission
            key = normalize(site.name)
            self.sites[key] = None if key in self.sites else site  # alike but for accents or punctuation
        self.latest = {}
        for posting in Posting.objects.filter(tour__contingent=contingent).select_related("site").order_by(
                "tour_id", "since"):
            self.latest[posting.tour_id] = posting
        self.new, self.moved, self._pending = [], [], set()

    def check(self, *, number, tour, name):
        """The RowError of the row's site, or None; a posting to make or correct is kept for the commit."""
        key = normalize(name)
        site = self.sites.get(key)
        if site is None:
            if key in self.sites:
                reason = _("several sites of %(mission)s are called “%(name)s”; rename one of them.")
            else:
                reason = _("no site of %(mission)s you may see is called “%(name)s”; known: %(known)s.")
            known = "; ".join(s.name for s in self.sites.values() if s is not None) or _("none")
            return RowError(number, self.label, reason % {"mission": self.contingent.mission.code, "name": name,
                                                          "known": known})
        current = self.latest.get(tour.pk) if tour.pk else None
        if current is not None and current.site_id == site.pk:
            return None  # already posted there: importing the same roll again changes nothing
        since = max(self.as_of, tour.arrival)
        if current is None:  # never posted: there since arrival, or since the site opened
            posting = Posting(tour=tour, site=site, since=max(tour.arrival, site.opened or tour.arrival),
                              reason=self.reason)
        elif current.since > since:
            return RowError(number, self.label, _(
                "this officer is posted to %(site)s from %(day)s, after %(as_of)s; change that posting on its page.")
                % {"site": current.site.name, "day": current.since, "as_of": self.as_of})
        elif current.since == since:  # moved again the same day: a correction of that day's posting
            before, was = serialize(current), current.site
            posting = current
            posting.tour, posting.site = tour, site
        else:
            posting = Posting(tour=tour, site=site, since=since, reason=self.reason)
        posting._same_day_checked = True  # on or after the tour's latest posting, which is at another site
        try:
            posting.full_clean(exclude=["tour", "site"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            if posting is current:
                posting.site = was
            return RowError(number, self.label, _("posted to %(site)s from %(day)s: %(reason)s") % {
                "site": site.name, "day": posting.since,
                "reason": " ".join(m for ms in error.message_dict.values() for m in ms)})
        if posting is current:
            self.moved.append((posting, before, serialize(posting)))
        else:
            self.new.append(posting)
        self._pending.add(id(tour))
        return None

    def pending(self, tour):
        return id(tour) in self._pending


def _model_errors(instance, number, labels, exclude=()):
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        # One reason per cell: "Private" in the NATO grade column is not a NATO code, and also too long; the
        # first says what to write.
        return [RowError(number, labels.get(field, field if field != "__all__" else "—"), messages[0])
                for field, messages in error.message_dict.items()]
    return []
