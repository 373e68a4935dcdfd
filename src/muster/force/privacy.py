"""Personal data of the nominal roll: who may see names, the log of every export that holds them, and
small-cell suppression of the aggregates shown to everyone else.

Names, service numbers and birth dates live only in the roll's own object types (force.person, force.tour,
force.dutystatus). Whoever holds a grant on them may see them; a user without one reads the roll only
as aggregates in which a count small enough to single out a person (1 to 4) is shown as "<5" (primary
suppression), and a larger count that would give it away by subtraction from a total is withheld and shown as
"x" (complementary suppression), as statistical offices mark the two. Both marks are `Suppressed` strings:
`is_suppressed(value)` tells them from counts, and a template tests `{% if value.suppressed %}`.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from muster.core.exports import EXPORT_FORMATS
from muster.core.views import may

from .models import Contingent, PersonalDataExport, Tour

SMALL_CELL = 5  # counts from 1 to SMALL_CELL - 1 are shown as "<5"


class Suppressed(str):
    """A mark shown in place of a hidden figure: a plain string in CSV and XLSX, recognisable in a template.

    `suppressed` is True on a mark, and resolves to nothing on a count, so `{% if value.suppressed %}` holds
    only for a hidden cell.
    """

    suppressed = True


SUPPRESSED = Suppressed("<5")  # primary: a count from 1 to 4
WITHHELD = Suppressed("x")  # complementary: a larger count (or a figure derived from a hidden one) withheld


def is_suppressed(value):
    """Whether `value` is a mark in place of a hidden figure ("<5" or "x") rather than a figure."""
    return isinstance(value, Suppressed)


def roll_visible(user):
    """Whether `user` may see the roll itself (names and all) rather than suppressed aggregates only."""
    return user is not None and may(user, Tour, "view")


def roll_tours(user):
    """The tours whose counts `user` may read, and whether exactly: `(tours, exact)`.

    The system (`user` None) and whoever is granted the roll read the tours they may see, exactly. Anyone else
    reads every tour of the contingents they may see, as aggregates only: `exact` False means every count
    taken from them goes through `suppress_table` before it is shown, and names never leave the database.
    """
    if user is None:
        return Tour.objects.all(), True
    if roll_visible(user):
        return Tour.objects.restrict(user, "view"), True
    return Tour.objects.filter(contingent__in=Contingent.objects.restrict(user, "view").values("pk")), False


def personal_data_export_log(*, user, what, rows, fmt, query=""):
    """Record who exported personal data, when, how many rows and with which filter (never the data)."""
    return PersonalDataExport.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        user_name=user.get_username() if user is not None and user.is_authenticated else "system",
        what=str(what)[:100], rows=rows, fmt=fmt, query=query[:500],
    )


class LoggedExportMixin:
    """For list views whose rows name people: each CSV/XLSX export is logged in PersonalDataExport."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS and response.status_code == 200:
            queryset = self.get_queryset(request)
            if self.filterset_class:
                filterset = self.filterset_class(request.GET, queryset=queryset, request=request)
                queryset = filterset.qs if filterset.is_valid() else queryset
            with transaction.atomic():
                personal_data_export_log(user=request.user, what=self.model._meta.verbose_name_plural,
                                         rows=queryset.count(), fmt=fmt, query=request.GET.urlencode())
        return response


def suppress(value):
    """A count as the public may see it: the number, or "<5" when it could single out a person."""
    if value is None:
        return None
    return SUPPRESSED if 0 < value < SMALL_CELL else value


def suppress_table(rows, *, total_columns=(), row_total_column=None):
    """Suppress small cells of a table of counts, and enough others that no hidden cell can be recovered.

    `rows` is a list of lists; the cells of columns in `total_columns` are counts, and `row_total_column`
    (if any) holds each row's total, shown to the reader. A count from 1 to 4 is shown as "<5" (SUPPRESSED).
    A row with exactly one hidden cell would give that cell away by subtraction from its total, so the
    next-smallest count of the row is withheld too, shown as "x" (WITHHELD): it is not small, and "<5" would
    be false; likewise within each column against the column total (the mission's total). A cell already
    marked counts as hidden and keeps its mark. Repeats until no row or column has a lone hidden cell.
    Returns new rows; the input is left as it was.
    """
    counts = list(total_columns)
    table = [list(row) for row in rows]
    small = {(i, j) for i, row in enumerate(table) for j in counts
             if isinstance(row[j], int) and 0 < row[j] < SMALL_CELL}
    if row_total_column is not None:
        small |= {(i, row_total_column) for i, row in enumerate(table)
                  if isinstance(row[row_total_column], int) and 0 < row[row_total_column] < SMALL_CELL}
    marked = {(i, j) for i, row in enumerate(table) for j in counts if is_suppressed(row[j])}
    hidden = small | marked
    changed = True
    while changed:
        changed = False
        lines = [[(i, j) for j in counts] for i in range(len(table))]
        lines += [[(i, j) for i in range(len(table))] for j in counts]
        for line in lines:
            lone = [cell for cell in line if cell in hidden]
            if len(lone) != 1:
                continue
            candidates = sorted((table[i][j], (i, j)) for i, j in line
                                if (i, j) not in hidden and isinstance(table[i][j], int) and table[i][j] > 0)
            if candidates:
                hidden.add(candidates[0][1])
                changed = True
    for i, j in small:
        table[i][j] = SUPPRESSED
    for i, j in hidden - small - marked:
        table[i][j] = WITHHELD
    return table


SUPPRESSION_NOTE = _("Counts from 1 to 4 are shown as “<5”. “x” marks a larger count withheld so that a total "
                     "cannot reveal a small one, and a difference or share withheld with the count it comes from.")
