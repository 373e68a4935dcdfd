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


def suppress_table(rows, *, total_columns=(), row_total_column=None, total_row=None):
    """Suppress small cells of a table of counts, and enough others that no hidden cell can be recovered.

    `rows` is a list of lists; the cells of columns in `total_columns` are counts, and `row_total_column`
    (if any) holds each row's total, shown to the reader. `total_row` (if any) is the index of the row that holds
    the columns' totals (and, in `row_total_column`, the grand total): they are then cells like the others, hidden
    when small or when they would give a hidden cell away. Without it, each column's total (the mission's) counts
    as published. A count from 1 to 4 is shown as "<5" (SUPPRESSED).

    A line (a row, a column) with exactly one hidden cell would give that cell away by subtraction from its total,
    so the next-smallest count of the line is withheld too, shown as "x" (WITHHELD): it is not small, and "<5"
    would be false. That is not enough: hidden cells joined only through one of them (a bridge between two groups
    of hidden cells) still give it away, and a reader who knows that "<5" is 1 to 4 and "x" is 5 or more can
    sometimes pin a cell down by those bounds alone. So every hidden cell is then checked exactly (`_Grid.recoverable`)
    and, while one is recoverable, the smallest count that makes it not so is withheld as well. A cell already
    marked counts as hidden and keeps its mark. Returns new rows; the input is left as it was.
    """
    counts = list(total_columns)
    table = [list(row) for row in rows]
    columns = counts + ([row_total_column] if row_total_column is not None else [])
    small = {(i, j) for i, row in enumerate(table) for j in columns
             if isinstance(row[j], int) and 0 < row[j] < SMALL_CELL}
    marked = {(i, j) for i, row in enumerate(table) for j in columns if is_suppressed(row[j])}
    hidden = small | marked
    extra = [row_total_column] if row_total_column is not None else []
    lines = [[(i, j) for j in counts + extra] for i in range(len(table))]
    lines += [[(i, j) for i in range(len(table))] for j in counts + extra]

    def withheld_candidates(cells):
        return sorted((table[i][j], (i, j)) for i, j in cells
                      if (i, j) not in hidden and isinstance(table[i][j], int) and table[i][j] > 0)

    grid = _Grid(table, columns=columns, row_total_column=row_total_column, total_row=total_row, small=small)
    every_cell = [(i, j) for i in range(len(table)) for j in columns]
    changed = True
    while changed:
        changed = False
        for line in lines:
            lone = [cell for cell in line if cell in hidden]
            if len(lone) != 1:
                continue
            candidates = withheld_candidates(line)
            if candidates:
                hidden.add(candidates[0][1])
                changed = True
        if changed:
            continue
        recoverable = next((cell for cell in sorted(hidden) if grid.recoverable(cell, hidden)), None)
        candidates = withheld_candidates(every_cell) if recoverable is not None else []
        if candidates:  # none left: every count is hidden or nil, and nothing more can be done
            protecting = next((cell for _value, cell in candidates
                               if not grid.recoverable(recoverable, hidden | {cell})), None)
            if protecting is None:  # no single cell does: widen the hidden cells around it and look again
                near = [c for c in candidates if c[1][0] == recoverable[0] or c[1][1] == recoverable[1]]
                protecting = (near or candidates)[0][1]
            hidden.add(protecting)
            changed = True
    for i, j in small:
        table[i][j] = SUPPRESSED
    for i, j in hidden - small - marked:
        table[i][j] = WITHHELD
    return table


def suppression_holds(rows, table, *, total_columns=(), row_total_column=None, total_row=None):
    """Whether no hidden cell of `table` (what `suppress_table` made of `rows`) can be recovered by its reader.

    `suppress_table` makes it so whenever it can. It cannot when every count is hidden and the marks' bounds
    still pin one down (four people in a mission, one to a country: every "<5" row is one); such a table is not to
    be published at all.
    """
    columns = list(total_columns) + ([row_total_column] if row_total_column is not None else [])
    rows = [list(row) for row in rows]
    small = {(i, j) for i, row in enumerate(table) for j in columns if row[j] is SUPPRESSED}
    hidden = {(i, j) for i, row in enumerate(table) for j in columns if is_suppressed(row[j])}
    grid = _Grid(rows, columns=columns, row_total_column=row_total_column, total_row=total_row, small=small)
    return not any(grid.recoverable(cell, hidden) for cell in hidden)


class _Grid:
    """The table as the reader's equations: each line (a row, a column) sums to its total, and a hidden cell is
    known to lie in 1 to 4 ("<5") or to be 5 or more ("x"). Decides exactly whether a hidden cell is recoverable.

    With a total written as minus itself, every line sums to nil; a line is a node and a hidden cell an edge
    between its row's node and its column's node. Another table the reader cannot tell from this one is this one
    plus a cycle of hidden cells, +1 and −1 in turn, each staying in its bounds; a hidden cell is recoverable
    exactly when no such cycle passes through it (the equations are a network's, so any other solution is made of
    such cycles). A line that adds up to nothing known (a single cell; a row without its total) is no node.
    """

    def __init__(self, table, *, columns, row_total_column, total_row, small):
        self.table, self.small = table, small
        self.row_total_column, self.total_row = row_total_column, total_row
        # A row adds up to something the reader knows only where its total is a column of the table: the PERSTAT's
        # columns (on the roll, present, on leave, …) are no parts of a whole. A column adds up to its total, in the
        # table or published beside it (the mission's), once it has two cells.
        self.row_lines = row_total_column is not None and len(columns) >= 2
        self.column_lines = len(table) >= 2

    def _sign(self, i, j):
        # The totals stand on the other side of their lines' equations; the grand total on both: +1.
        total = (i == self.total_row) != (j == self.row_total_column and self.row_total_column is not None)
        return -1 if total else 1

    def _bounds(self, cell):
        return (1, SMALL_CELL - 1) if cell in self.small else (SMALL_CELL, None)

    def _node(self, kind, index):
        # A line of a single cell constrains nothing: every such "line" is the one free node, which balances any
        # change (a change may run into it and out of another).
        if (kind == "r" and not self.row_lines) or (kind == "c" and not self.column_lines):
            return "free"
        return (kind, index)

    def _may_move(self, cell, step):
        i, j = cell
        if not isinstance(self.table[i][j], int):
            return True  # marked by the caller: its figure is not known here, nor to the reader
        value = self.table[i][j] + step * self._sign(i, j)
        low, high = self._bounds(cell)
        return value >= low and (high is None or value <= high)

    def recoverable(self, cell, hidden):
        row, column = self._node("r", cell[0]), self._node("c", cell[1])
        if row == column:
            return False  # neither its row nor its column constrains it
        arcs = {}
        for other in hidden:
            if other == cell:
                continue
            other_row, other_column = self._node("r", other[0]), self._node("c", other[1])
            if self._may_move(other, 1):
                arcs.setdefault(other_row, set()).add(other_column)
            if self._may_move(other, -1):
                arcs.setdefault(other_column, set()).add(other_row)
        # +1 on the cell (row → column) closes with a path back from its column to its row, and −1 the other way.
        up = self._may_move(cell, 1) and _reaches(arcs, column, row)
        down = self._may_move(cell, -1) and _reaches(arcs, row, column)
        return not (up or down)


def _reaches(arcs, start, goal):
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        if node == goal:
            return True
        for following in arcs.get(node, ()):
            if following not in seen:
                seen.add(following)
                frontier.append(following)
    return False


SUPPRESSION_NOTE = _("Counts from 1 to 4 are shown as “<5”. “x” marks a larger count withheld so that a total "
                     "cannot reveal a small one, and a difference or share withheld with the count it comes from.")
