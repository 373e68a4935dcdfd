"""Small cells of a public strength table cannot be recovered from what the table publishes.

The public site shows strength by country (rows) and category (columns) with each row's total, each column's total
and the grand total, suppressed by `force.privacy.suppress_table`: a count from 1 to 4 as "<5", a larger one withheld
as "x". A reader knows every cell shown, that every line (row, column, the totals' row and column) adds up, that a
"<5" is 1 to 4 and an "x" 5 or more. The property: for each hidden cell there is a second table, as consistent with
all of that as the true one, that differs in the cell; or else, only when every count is already hidden (four
people in all, one to a country), `suppression_holds` says so and the table is not published. The search for the
second table is an enumeration, independent of the graph argument suppress_table makes: each hidden cell is tried
at its true value and one either side (a second table, when there is one, differs from the true one by a cycle of
±1 steps).
"""

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from muster.force.privacy import SMALL_CELL, SUPPRESSED, WITHHELD, is_suppressed, suppress_table, suppression_holds


def extended(cells):
    """The data rows with their totals, then the totals' row with the grand total last."""
    columns = len(cells[0])
    rows = [row + [sum(row)] for row in cells]
    rows.append([sum(row[j] for row in cells) for j in range(columns)] + [sum(map(sum, cells))])
    return rows


def lines_of(rows):
    """Each line of the extended table as (cells that add up, the cell holding their total)."""
    last_row, last_column = len(rows) - 1, len(rows[0]) - 1
    lines = [([(i, j) for j in range(last_column)], (i, last_column)) for i in range(last_row + 1)]
    lines += [([(i, j) for i in range(last_row)], (last_row, j)) for j in range(last_column + 1)]
    return lines


def second_table_differs(true, shown, cell):
    """Whether a table consistent with everything `shown` differs from `true` in `cell` (hidden).

    Each hidden cell, in reading order, takes its true value or one either side, `cell` not its true one; a line is
    checked when the last of its hidden cells has a value. What the cells so far leave each line short of its total
    is all that the rest of the search depends on, so each (cell, shortfalls) is searched once: the search stays
    polynomial in the table's size where a plain enumeration of every combination took minutes on some tables."""
    hidden = sorted((i, j) for i, row in enumerate(shown) for j, value in enumerate(row) if is_suppressed(value))
    lines = lines_of(true)
    # Each hidden cell's part in each line: +1 as one of its parts, −1 as its total (the grand total is both).
    terms = {c: [] for c in hidden}
    closed_at = {}
    for n, (parts, total) in enumerate(lines):
        members = [(c, 1) for c in parts if c in terms] + ([(total, -1)] if total in terms else [])
        for c, sign in members:
            terms[c].append((n, sign))
        if members:
            closed_at.setdefault(max(hidden.index(c) for c, _sign in members), []).append(n)

    def steps(c):
        i, j = c
        low, high = (1, SMALL_CELL - 1) if shown[i][j] == SUPPRESSED else (SMALL_CELL, None)
        return [step for step in (-1, 0, 1) if (step or c != cell)
                and low <= true[i][j] + step and (high is None or true[i][j] + step <= high)]

    @cache
    def search(n, shortfalls):
        if n == len(hidden):
            return True
        for step in steps(hidden[n]):
            following = list(shortfalls)
            for line, sign in terms[hidden[n]]:
                following[line] += sign * step
            if all(following[line] == 0 for line in closed_at.get(n, ())) and search(n + 1, tuple(following)):
                return True
        return False

    return search(0, (0,) * len(lines))


counts = st.one_of(st.just(0), st.integers(min_value=1, max_value=4), st.integers(min_value=5, max_value=40))
tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda columns: st.lists(st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=4))


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_cell_of_a_table_with_its_totals_can_be_recovered(cells):
    true = extended(cells)
    last_row, last_column = len(true) - 1, len(true[0]) - 1
    shown = suppress_table(true, total_columns=range(last_column), row_total_column=last_column, total_row=last_row)
    for i, row in enumerate(shown):
        for j, value in enumerate(row):
            if value is SUPPRESSED:
                assert 1 <= true[i][j] <= 4
            elif value is WITHHELD:
                assert true[i][j] >= SMALL_CELL
            else:
                assert value == true[i][j] and not 1 <= value <= 4  # a small count is never shown
    recovered = [(i, j, true[i][j]) for i, row in enumerate(shown) for j, value in enumerate(row)
                 if is_suppressed(value) and not second_table_differs(true, shown, (i, j))]
    holds = suppression_holds(true, shown, total_columns=range(last_column), row_total_column=last_column,
                              total_row=last_row)
    # suppression_holds tells a table that must not be published at all, and says so exactly when one is recoverable
    assert holds == (recovered == []), (cells, shown, recovered)
    # which happens only when every count is hidden already: there was nothing more to withhold
    assert holds or all(is_suppressed(v) or v == 0 for row in shown for v in row), (cells, shown)


def test_a_bridge_between_two_groups_of_hidden_cells_is_withheld_around():
    """Every line holds two hidden cells, yet one cell joins two groups of them: without more withheld, the groups'
    own totals give it away. The table of the brief's warning, checked by the same search."""
    cells = [[3, 2, 40, 50],
             [2, 3, 1, 60],
             [70, 80, 4, 2],
             [90, 60, 2, 3]]
    true = extended(cells)
    shown = suppress_table(true, total_columns=range(4), row_total_column=4, total_row=4)
    assert all(second_table_differs(true, shown, (i, j))
               for i, row in enumerate(shown) for j, value in enumerate(row) if is_suppressed(value))
    assert shown[4][4] == true[4][4]  # the mission's total stays published
