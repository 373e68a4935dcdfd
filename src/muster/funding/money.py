"""Money as integer minor units with an ISO 4217 code: validation, conversion and display.

pycountry knows which codes exist but not how many decimals each has, so the exponents that are not
2 are listed here from ISO 4217 (the list changes rarely; an unlisted code has 2 decimals).
"""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

import pycountry
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

EXPONENTS = {
    **dict.fromkeys(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
                     "VUV", "XAF", "XOF", "XPF"], 0),
    **dict.fromkeys(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"], 3),
    "CLF": 4, "UYW": 4,
}
USD = "USD"


def currency_valid(code):
    """True when `code` is an ISO 4217 alphabetic code."""
    return bool(code) and len(code) == 3 and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None


def currency_check(code, *, field="currency"):
    if not currency_valid(code):
        raise ValidationError({field: _("“%s” is not an ISO 4217 currency code (e.g. USD, EUR, CAD).") % code})


def exponent(code):
    return EXPONENTS.get(code, 2)


def to_minor(amount, code):
    """Decimal units → integer minor units; refuses more decimals than the currency has."""
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(_("“%s” is not an amount.") % amount) from None
    scaled = amount.scaleb(exponent(code))
    if scaled != scaled.to_integral_value():
        raise ValueError(_("%(code)s has %(n)s decimal places; %(amount)s has more.")
                         % {"code": code, "n": exponent(code), "amount": amount})
    return int(scaled)


def from_minor(minor, code):
    """Integer minor units → Decimal units."""
    return None if minor is None else Decimal(minor).scaleb(-exponent(code))


def usd_cents(minor, code, usd_per_unit):
    """`minor` units of `code` in US cents at `usd_per_unit`, rounded half to even."""
    if code == USD:
        return minor
    cents = from_minor(minor, code) * Decimal(usd_per_unit) * 100
    return int(cents.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def money_text(minor, code):
    """12345600, "USD" → "USD 123,456.00", its digits as the reader's language writes them ("USD 123 456,00");
    "—" for none."""
    if minor is None:
        return "—"
    return f"{code} {number_format(from_minor(minor, code), exponent(code), force_grouping=True)}"


def usd_text(cents):
    """US cents → "$13,300,000" (cents shown only when there are some), "−$1,700,000" below zero; in French
    "13 300 000 $ US"."""
    if cents is None or cents == "":
        return "—"
    dollars = Decimal(cents) / 100
    return ("−" if dollars < 0 else "") + _("$%(amount)s") % {"amount": amount_text(abs(dollars))}


def amount_text(amount):
    """A Decimal amount of money in the reader's number format, its cents only where there are some: 13,300,000;
    55 858 687,24 in French."""
    return number_format(amount, 0 if amount == amount.to_integral_value() else 2, force_grouping=True)


def usd_millions(cents):
    """US cents → "$13.3M", for cards and charts; in French "13,3 M$ US", in Spanish "13,3 M US$"."""
    if cents is None:
        return "—"
    millions = number_format(Decimal(cents) / 100_000_000, 1, force_grouping=True)
    return _("$%(millions)sM") % {"millions": millions}
