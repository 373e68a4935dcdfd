"""Every page in French, Spanish and Haitian Creole shows no string left in English.

Each page is rendered through a copy of the language's catalogue in which every translation is bracketed ⟦…⟧
(Django reads it in place of the real one for the test). What the reader sees (text, and the title, aria-label,
placeholder and alt they are read) is then either bracketed — it went through the catalogue — or data: a record's
own words (a site's name, a source's title), a number, a date's digits, a code, a country's name from CLDR, the
language switcher's names. Anything else is a string the code shows without translating it, or a message missing
from the catalogue, and is named with the page.
"""

import re
from functools import cache

import babel
import lxml.html
import pytest
from babel.messages.mofile import write_mo
from django.conf import settings
from django.db import models
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext, trans_real

from muster.core.testing import muster_models
from tests.core.test_every_route import page_addresses
from tests.test_catalogues import catalogue

pytestmark = pytest.mark.django_db

OPEN, CLOSE = "\u27e6", "\u27e7"
BRACKETED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")  # the innermost: a translation may hold another
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
# Text that is not words: numbers (1 234,5), dates' digits, codes (MSS, HT0111, KEN, A2), signs and arrows, a
# letter alone (the "x" of a withheld figure).
NOT_WORDS = re.compile(r"^[\W\d_]*$|^[A-Z0-9][A-Z0-9./:_+-]{0,11}$|^\w$")
# Where a page joins a record's parts ("nairobileo.co.ke, 2025-02-06: US State Department approves…").
JOINS = re.compile(r"[,:;·()\[\]=]\s*|\s+[—–-]\s+")
# The names of formats and standards, the same in every language.
FORMATS = {"CSV", "XLSX", "PDF", "DOCX", "JSON", "GeoJSON", "HXL", "IATI XML", "OpenAPI", "ACLED", "Word"}


@pytest.fixture(scope="module")
def bracketed_catalogues(tmp_path_factory):
    """LOCALE_PATHS for the test: each language's catalogue with every translation in brackets."""
    root = tmp_path_factory.mktemp("locale")
    for language in ("fr", "es", "ht"):
        source = catalogue(language)
        for message in source:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.string, (list, tuple)):
                message.string = tuple(f"{OPEN}{s}{CLOSE}" if s else s for s in message.string)
            elif message.string:
                message.string = f"{OPEN}{message.string}{CLOSE}"
        folder = root / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with open(folder / "django.mo", "wb") as mo:
            write_mo(mo, source)
    return root


@pytest.fixture
def bracketed(bracketed_catalogues):
    """Django translating through the bracketed catalogues, its caches of the real ones set aside and restored."""
    def reset():
        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = trans_real.Local()

    reset()
    with override_settings(LOCALE_PATHS=[bracketed_catalogues]):
        yield
    reset()


@cache
def data_words():
    """The words of the records' texts: a page joins a record's fields ("Corporal SAMPLE OFFICER 002") its own way."""
    return set(re.findall(r"\w+", data_text()))


@cache
def data_text():
    """Every short text the records hold (names, titles, codes…), joined: a fragment found in it is a record's."""
    values = []
    for model in muster_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        for row in model._base_manager.values_list(*fields):
            values.extend(str(value) for value in row if value)
    return "\n".join(values)


def fixed_names(language):
    """Names shown as they are: the countries' in the language (CLDR) and each language's own, in the switcher."""
    return (set(babel.Locale.parse(language).territories.values()) | {name for _code, name in settings.LANGUAGES}
            | FORMATS)


def untranslated_on(html, language):
    """The fragments of a page a reader sees that neither went through the catalogue nor are data."""
    document = lxml.html.fromstring(html)
    for hidden in document.xpath("//script | //style | //template"):
        hidden.drop_tree()
    seen = [text for text in document.xpath("//body//text()")]
    seen += [value for name in READ_ATTRIBUTES for value in document.xpath(f"//body//@{name}")]
    seen += document.xpath("//body//input[@type='submit']/@value")
    names = fixed_names(language)
    found = set()
    for text in seen:
        while BRACKETED.search(text):
            text = BRACKETED.sub("\0", text)
        for fragment in text.split("\0"):
            fragment = " ".join(fragment.split())
            bare = fragment.strip(" ·:;,.()[]—–-/|«»\"'“”*")
            if not bare or NOT_WORDS.match(bare) or {fragment, bare} & names or bare in data_text():
                continue
            if OPEN in bare or CLOSE in bare:
                continue  # a translation a chart broke over lines, one element each: its brackets are apart
            pieces = [piece.strip(" .*\"'“”") for piece in JOINS.split(bare)]
            if all(not piece or NOT_WORDS.match(piece) or piece in names or piece in data_text()
                   or all(word in data_words() or NOT_WORDS.match(word) for word in re.findall(r"\w+", piece))
                   for piece in pieces):
                continue
            found.add(bare)
    return found


def addresses():
    """Every page without a parameter (the resolver's, as in test_every_route) and a record's page of each model."""
    pages = [address for address in page_addresses() if address not in ("/login/", "/login/code/")]
    for model in muster_models():
        record = model._base_manager.order_by("pk").first()
        if record is not None and hasattr(record, "get_absolute_url"):
            pages.append(record.get_absolute_url())
    return pages


@pytest.mark.parametrize("language", ["fr", "es", "ht"])
def test_every_page_shows_every_string_in_the_language(signed_in, bracketed, language):
    client = signed_in("admin")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = addresses()
    assert len(pages) > 80
    missing, read = {}, 0
    for address in pages:
        response = client.get(address)
        assert response.status_code < 500, address
        if response.status_code >= 300 and response.status_code < 400 or "html" not in response["Content-Type"]:
            continue  # a page that sends elsewhere without its parameter (its target is in the list) or a file
        assert response["Content-Language"] == language, address
        read += 1
        if left := untranslated_on(response.content.decode(), language):
            missing[address] = sorted(left)
    translation.activate("en")
    assert read > 80
    assert missing == {}, "\n".join(f"{address}: {left}" for address, left in missing.items())


def test_a_string_shown_without_translation_is_found():
    """The check itself: an English label outside the catalogue is named; a record's name and a date are not."""
    page = (f"<html><body><h1>{OPEN}Mouvements{CLOSE}</h1><p>Add a movement</p><p>6 {OPEN}février{CLOSE} 2025</p>"
            f"<p>{OPEN}Effectif{CLOSE} : 761</p><td>MSS</td><a title='Open the roll'>x</a></body></html>")
    assert untranslated_on(page, "fr") == {"Add a movement", "Open the roll"}


@pytest.mark.parametrize(("language", "department", "attack"), [("fr", "Ouest", "Attaque"), ("ht", "Lwès", None)])
def test_reference_data_and_places_read_in_the_language(signed_in, language, department, attack):
    """Records' own words stay as written, but ACLED's event types and COD-AB's department names are the reader's:
    the incident list in Haitian Creole says Lwès, not West; the types are the catalogue's."""
    client = signed_in("j3")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/operations/incidents/", {"mission": "GSF"}).content.decode()
    with translation.override(language):
        expected = gettext("Attack")
    assert expected != "Attack" and (attack is None or expected == attack)
    assert f"Kenscoff, {department}" in page and f">{expected}<" in page
    assert ", West<" not in page and ">Attack<" not in page


def test_a_filters_label_stays_in_the_readers_language_after_the_api_schema_is_written(signed_in):
    """drf-spectacular builds the filters' form fields to describe them; those fields, cached on the filters before
    a filter knows its model, had no label, and every list's filter read the English of its field's name (Kind)."""
    assert signed_in("admin").get("/api/schema/", {"format": "json"}).status_code == 200
    client = signed_in("j1")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = lxml.html.fromstring(client.get("/movements/").content)
    with translation.override("fr"):
        expected = gettext("kind")
    assert expected != "kind"
    assert page.xpath("string(//label[@for='id_kind'])").strip().lower() == expected.lower()


def test_the_language_switcher_remembers_the_choice_for_a_year_and_returns_only_within_the_site(client):
    chosen = client.get("/language/", {"language": "ht", "next": "/public/MSS/"})
    assert chosen.status_code == 302 and chosen["Location"] == "/public/MSS/"
    cookie = chosen.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ht" and int(cookie["max-age"]) == 365 * 24 * 60 * 60
    assert client.get("/public/").headers["Content-Language"] == "ht"  # the next page, without asking again

    elsewhere = client.get("/language/", {"language": "fr", "next": "https://elsewhere.example/"})
    assert elsewhere["Location"] == "/"  # not a way off the site
    unknown = client.get("/language/", {"language": "xx", "next": "/public/"})
    assert settings.LANGUAGE_COOKIE_NAME not in unknown.cookies
