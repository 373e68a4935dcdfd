"""Dates the reports share."""

import datetime


def month_ends(*, end, count, start=None):
    """Up to `count` dates ending with `end` itself: the last day of each month before it, back to the month that
    holds `start` (the month `start` falls in is the first one that counts) or, without `start`, as far as `count`
    goes. The last point is `end`, not its month's end: a report's series stops on the day it is read."""
    points = [end]
    first_of_month = end.replace(day=1)
    while len(points) < count and (start is None or first_of_month > start):
        last_of_previous = first_of_month - datetime.timedelta(days=1)
        points.append(last_of_previous)
        first_of_month = last_of_previous.replace(day=1)
    return sorted(points)
