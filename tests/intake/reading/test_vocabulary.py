"""Intake's vocabulary speaks Muster's codes: every value a cue, a demonym or a currency gives is one the records
accept, so that an accepted proposal never fails on a code the reader made up."""

import csv

import pycountry

from muster.force.models import Movement
from muster.funding.models import Category, Transaction
from muster.intake.reading.vocabulary import DATA_DIR, LANGUAGES
from muster.missions.models import PersonnelCategory


def rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_cue_values_are_the_records_codes():
    allowed = {
        "movement": set(Movement.Kind.values) | {"rotation"},
        "funding": set(Transaction.Type.values),
        "category": set(PersonnelCategory.values),
        "purpose": set(Category.values),
    }
    wrong = [row for row in rows("cues.csv") if row["cue"] in allowed and row["value"] not in allowed[row["cue"]]]
    assert not wrong
    assert {row["language"] for row in rows("cues.csv")} == set(LANGUAGES)


def test_demonyms_and_country_forms_name_real_countries_in_the_languages_read():
    for name in ("demonyms.csv", "country_names.csv"):
        table = rows(name)
        assert all(pycountry.countries.get(alpha_3=row["iso3"]) for row in table), name
        assert {row["language"] for row in table} <= set(LANGUAGES)
    demonyms = {(row["iso3"], row["language"], row["form"]) for row in rows("demonyms.csv")}
    # every gender and number: the Kenyan, Guatemalan and Salvadoran contingents in the three languages
    assert {("KEN", "fr", form) for form in ("kényan", "kényans", "kényane", "kényanes")} <= demonyms
    assert {("KEN", "es", form) for form in ("keniano", "keniana", "kenianos", "kenianas")} <= demonyms
    assert {("GTM", "fr", "guatémaltèques"), ("SLV", "es", "salvadoreñas"), ("SLV", "en", "Salvadorean")} <= demonyms


def test_currencies_are_iso_4217():
    assert all(pycountry.currencies.get(alpha_3=row["code"]) for row in rows("currencies.csv"))
