"""Template helpers for money: US cents as dollars, minor units as the currency's units."""

from django import template

from muster.funding.money import money_text, usd_millions, usd_text

register = template.Library()


@register.filter
def usd(cents):
    """US cents → "$13,300,000"."""
    return usd_text(cents)


@register.filter
def usd_m(cents):
    return usd_millions(cents)


@register.filter
def money(minor, code):
    return money_text(minor, code)
