"""Upper bounds of the numbers people enter: each one a model validator, so a form, the API and an import refuse the
same figure with the same words, and the OpenAPI document gives it as the field's `maximum`.

Bounds are far beyond any real figure yet well inside what the sums that read them can hold: a count of
9,223,372,036,854,775,807 was accepted once, and every strength request after it overflowed into a 500.
"""

from django.core.validators import MaxValueValidator

# People: a movement, a pledge, a ceiling, an assignment, a claimed figure. The largest peace operations have had
# tens of thousands of personnel (UNOSOM II about 30,000; all UN peacekeepers together about 100,000 at the peak).
PERSONNEL_MAX = 1_000_000
# Money in minor units: 10^15 cents is ten trillion US dollars, more than any budget; sums of millions of such
# amounts still fit a 64-bit integer.
MINOR_UNITS_MAX = 10**15


def personnel_max():
    return MaxValueValidator(PERSONNEL_MAX)


def minor_units_max():
    return MaxValueValidator(MINOR_UNITS_MAX)
