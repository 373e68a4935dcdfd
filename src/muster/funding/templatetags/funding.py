"""Template helpers for money: US cents as dollars, minor units as the currency's units."""

from django import template

from muster.funding.money import USD, money_text, usd_millions

register = template.Library()


@register.filter
def usd(cents):
    """US cents → "$13,300,000"."""
    if cents is None or cents == "":
        return "—"
    text = money_text(cents, USD).removeprefix("USD ")
    return ("−$" + text[1:] if text.startswith("-") else "$" + text).removesuffix(".00")


@register.filter
def usd_m(cents):
    return usd_millions(cents)


@register.filter
def money(minor, code):
    return money_text(minor, code)
