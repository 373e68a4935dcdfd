"""The pieces a statement is read into, each from its library: numbers in words (text2num), dates against the
publication date (dateparser), amounts (price-parser with intake's scales and currencies), countries (pycountry's
names in three languages and the demonyms table)."""

import datetime
from decimal import Decimal

import pytest

from muster.intake.reading import statement_read
from muster.intake.reading.pieces import Figures, amounts, dates, figure_value
from muster.intake.reading.vocabulary import country_table


@pytest.mark.parametrize(("words", "language", "value", "written"), [
    ("two hundred and seventeen officers", "en", 217, "two hundred and seventeen"),
    ("cent quarante-quatre policiers", "fr", 144, "cent quarante-quatre"),
    ("ciento cuarenta y cuatro agentes", "es", 144, "ciento cuarenta y cuatro"),
    ("1,500 soldiers", "en", 1500, "1,500"),
    ("1 500 soldats", "fr", 1500, "1 500"),
])
def test_numbers_in_words_and_figures_are_read_with_the_words_they_were_written_as(words, language, value, written):
    (figure,) = Figures(words, language).figures()
    assert figure.value == value
    assert words[figure.start:figure.end] == written


def test_a_comma_is_a_thousands_separator_in_english_and_a_decimal_point_in_french():
    assert figure_value("40,7", "fr") == figure_value("40.7", "en") == Decimal("40.7")
    assert figure_value("1,500", "en") == figure_value("1.500", "es") == 1500


@pytest.mark.parametrize(("text", "language", "published", "day"), [
    ("This morning I saw off 144 officers", "en", "2025-02-06", "2025-02-06"),
    ("They landed on Saturday", "en", "2025-01-06", "2025-01-04"),
    ("The officers arrived yesterday", "en", "2025-02-06", "2025-02-05"),
    ("Ils sont arrivés le 4 février", "fr", "2025-02-06", "2025-02-04"),
    ("Llegaron este martes", "es", "2025-02-06", "2025-02-04"),
    ("They arrived on Thursday", "en", "2025-02-06", "2025-02-06"),  # the publication's own weekday is that day
])
def test_dates_are_resolved_against_the_publication_date(text, language, published, day):
    found = dates(Figures(text, language), published=datetime.date.fromisoformat(published))
    assert [mention.date.isoformat() for mention in found] == [day]


def test_a_count_after_a_weekday_is_not_a_year_and_an_ordinal_is_not_a_day():
    text = "On Saturday, 75 Guatemalan soldiers landed; the first group left."
    found = dates(Figures(text, "en"), published=datetime.date(2025, 1, 6), masked=[(13, 15)])
    assert [(mention.date.isoformat(), text[mention.start:mention.end]) for mention in found] == [
        ("2025-01-04", "On Saturday")]


@pytest.mark.parametrize(("text", "language", "amount", "currency"), [
    ("waivers for $40.7 million in aid", "en", 40_700_000, "USD"),
    ("des dérogations pour 40,7 millions de dollars", "fr", 40_700_000, "USD"),
    ("a contract of US$15M for fuel", "en", 15_000_000, "USD"),
    ("exenciones por 40,7 millones de dólares", "es", 40_700_000, "USD"),
    ("quarante millions de dollars", "fr", 40_000_000, "USD"),
    ("a further C$5 million from Ottawa", "en", 5_000_000, "CAD"),
    ("€3.2m from Paris", "en", 3_200_000, "EUR"),
])
def test_amounts_with_their_scale_and_currency(text, language, amount, currency):
    (found,) = amounts(Figures(text, language))
    assert found.value == amount
    assert found.currency == currency


@pytest.mark.parametrize(("text", "iso3"), [
    ("Kenyan officers", "KEN"), ("policiers kényans", "KEN"), ("agentes kenianas", "KEN"), ("Kenia", "KEN"),
    ("les militaires guatémaltèques", "GTM"), ("soldados salvadoreños", "SLV"), ("the Bahamas", "BHS"),
    ("Les États-Unis", "USA"), ("EE.UU.", "USA"), ("Kenya's fourth contingent", "KEN"), ("le Tchad", "TCD"),
])
def test_countries_by_name_in_three_languages_and_by_demonym(text, iso3):
    assert [mention.iso3 for mention in country_table().find(text)] == [iso3]


def test_us_as_a_pronoun_or_a_currency_is_no_country():
    assert country_table().find("They told us that US$15M was spent") == []


def test_a_statement_in_haitian_creole_is_detected_and_read_for_its_figures():
    reading = statement_read("Yon nouvo gwoup 144 polisye kenyen rive Ayiti pou ede Polis Nasyonal la.",
                             published=datetime.date(2025, 2, 7))
    assert (reading.language, reading.language_detected) == ("ht", True)
    assert [(proposal.kind, proposal.fields["country"], proposal.fields["count"]) for proposal in
            reading.proposals] == [("movement", "KEN", 144)]


def test_an_amount_in_a_currency_code_the_table_does_not_know_keeps_the_code_as_written():
    (found,) = amounts(Figures("a grant of 40 million XTS for rations", "en"))
    assert (found.value, found.currency) == (40_000_000, "XTS")
    # capitals after a figure without a scale word are not a currency: "2,500 MSS personnel"
    assert amounts(Figures("2,500 MSS personnel and 40 million for fuel", "en")) == []


def test_sentences_end_at_full_stops_and_lines_but_not_after_abbreviations():
    from muster.intake.reading.reader import sentences

    text = "Kenya sends 144 officers\nThe U.S. State Department said so. Mr. Otunge agreed. Done"
    assert [text[start:end] for start, end in sentences(text)] == [
        "Kenya sends 144 officers", "The U.S. State Department said so.", "Mr. Otunge agreed.", "Done"]


def test_the_country_a_mission_serves_in_is_the_place_of_an_arrival_not_its_contingent():
    text = "Some 200 Brazilian troops arrived in Mali on Monday."
    reading = statement_read(text, published=datetime.date(2025, 2, 3), language="en", host="MLI")
    assert [(proposal.fields["country"], proposal.fields["count"], proposal.fields["category"])
            for proposal in reading.proposals] == [("BRA", 200, "military")]
    text = "A group of 150 Malian soldiers left Bamako for Haiti."
    reading = statement_read(text, published=datetime.date(2025, 2, 3), language="en")
    assert [(proposal.fields["country"], proposal.fields["kind"]) for proposal in reading.proposals] == [
        ("MLI", "arrival")]
