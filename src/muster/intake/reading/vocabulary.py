"""The words the reader looks for, loaded from intake's data tables: countries, demonyms, cue words, currencies.

Country names come from pycountry's ISO 3166 tables and their French and Spanish gettext catalogues; demonyms,
extra country forms (aliases, capitals standing for governments) and cue words are CSV tables in
`muster/intake/data/` (their README says where they come from), so that a new contributor or a new cue is a row,
not code. Each table becomes one compiled pattern, built once per process.
"""

import csv
import functools
import gettext
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LANGUAGES = ("en", "fr", "es", "ht")
# Country names in these catalogues besides pycountry's English ones (Haitian Creole has none in pycountry).
NAME_CATALOGUES = ("fr", "es")


def _rows(filename):
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# French elision ("l'armée", "d'État", "n'a") is a word of its own, so that "entretien des véhicules" is found in
# "l'entretien des véhicules", and so is an English possessive ("Kenya's" is Kenya); "didn't" stays one word.
TOKEN = re.compile(r"(?<!\w)(?:[ldjmnstcLDJMNSTC]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’](?=\w)"
                   r"|['’]s\b|\w+(?:(?:['’](?!s\b)|[.-])\w+)*|[^\w\s]")


def tokens_of(text):
    """The words and signs of a text with their places: "U.S" and "." are two tokens, "stop-work" one, "l'" and
    "armée" two."""
    return [(match.group(0), match.start(), match.end()) for match in TOKEN.finditer(text)]


def _fold(word):
    return word.casefold().replace("’", "'")


class PhraseMatcher:
    """Finds phrases of one or more words in a text by looking its word sequences up in dictionaries, rather than
    trying thousands of alternatives at every character: a 1,000-word statement is read in milliseconds.

    A phrase's last word may end in '*' (any word it begins: "arriv*" is arrived, arrival, arrives) and a one-word
    phrase may begin with '*' (any word it ends: "*n't" is didn't, hasn't). Phrases in capitals of at most five
    letters ("US", "UK") match only in capitals; the others in any case."""

    def __init__(self, entries):
        self.exact, self.capitals, self.prefixes, self.suffixes = {}, {}, {}, []
        self.single_prefixes = {}  # one-word phrases ending in '*', by their first two letters
        self.first_words = set()  # the first word of every phrase of more than a prefix, to skip other words fast
        self.longest = 1
        for phrase, payload in entries:
            phrase = phrase.strip()
            if phrase.startswith("*"):
                self.suffixes.append((_fold(phrase[1:]), payload))
                continue
            words = [word for word, _start, _end in tokens_of(phrase.rstrip("*"))]
            if not words:
                continue
            self.longest = max(self.longest, len(words))
            if phrase.endswith("*") and len(words) == 1:
                prefix = _fold(words[0])
                self.single_prefixes.setdefault(prefix[:2], []).append((prefix, payload))
                continue
            self.first_words.add(_fold(words[0]) if not _is_acronym(phrase) or phrase.endswith("*") else words[0])
            if phrase.endswith("*"):
                head = tuple(_fold(word) for word in words[:-1])
                self.prefixes.setdefault(head, []).append((_fold(words[-1]), payload))
            elif _is_acronym(phrase):
                self.capitals.setdefault(tuple(words), []).append(payload)
            else:
                self.exact.setdefault(tuple(_fold(word) for word in words), []).append(payload)

    def find(self, text, tokens=None):
        """(start, end, payload) of each phrase, the longest at each word, phrases not overlapping."""
        tokens = tokens_of(text) if tokens is None else tokens
        folded = [_fold(word) for word, _start, _end in tokens]
        found = []
        index = 0
        while index < len(tokens):
            matches = self.matches_at(tokens, folded, index)
            if not matches:
                index += 1
                continue
            length, payload = matches[0]
            found.append((tokens[index][1], tokens[index + length - 1][2], payload))
            index += length
        return found

    def find_all(self, text, tokens=None):
        """(start, end, payload) of every phrase at every word, overlapping ones included."""
        tokens = tokens_of(text) if tokens is None else tokens
        folded = [_fold(word) for word, _start, _end in tokens]
        return [(tokens[index][1], tokens[index + length - 1][2], payload)
                for index in range(len(tokens)) for length, payload in self.matches_at(tokens, folded, index)]

    def matches_at(self, tokens, folded, index):
        """(length, payload) of the phrases that begin at word `index`, longest first."""
        found = []
        word = folded[index]
        if word in self.first_words or tokens[index][0] in self.first_words:
            for length in range(min(self.longest, len(tokens) - index), 0, -1):
                key = tuple(folded[index:index + length])
                found += [(length, payload) for payload in self.exact.get(key, ())]
                if self.capitals:
                    capitals = tuple(written for written, _start, _end in tokens[index:index + length])
                    found += [(length, payload) for payload in self.capitals.get(capitals, ())]
                if length > 1:
                    found += [(length, payload) for prefix, payload in self.prefixes.get(key[:-1], ())
                              if key[-1].startswith(prefix)]
        found += [(1, payload) for prefix, payload in self.single_prefixes.get(word[:2], ())
                  if word.startswith(prefix)]
        found += [(1, payload) for suffix, payload in self.suffixes if word.endswith(suffix)]
        return found


@dataclass(frozen=True)
class Cue:
    """One cue word found in a text: its type (movement, funding, total…), its value (arrival, frozen…), where."""

    cue: str
    value: str
    start: int
    end: int


# Cue types that name what a sentence does; one inside a longer one of another of these types is not a cue of its
# own ("already deployed" says an earlier figure, not an arrival; "se suma" joins, it does not total).
VERB_CUES = {"movement", "funding", "total", "earlier", "joins", "negation", "future", "hedge", "range"}


class CueTable:
    """The cue words of one language, in one matcher: a word may be a cue of two types ("soldiers" says personnel
    and its category); within a type the longest phrase wins where two overlap."""

    def __init__(self, rows):
        self.matcher = PhraseMatcher((row["form"], (row["cue"], row["value"])) for row in rows)

    def find(self, text, tokens=None):
        """Every cue in `text`, in order of place."""
        found = [Cue(cue, value, start, end) for start, end, (cue, value) in self.matcher.find_all(text, tokens)]
        return sorted((item for item in found if not any(_hides(other, item) for other in found)),
                      key=lambda item: (item.start, item.end))


def _hides(longer, item):
    """A longer cue over the same words hides a shorter one of its own type, and, among the types that say what a
    sentence does, one of another type too."""
    inside = longer.start <= item.start and item.end <= longer.end
    if not (inside and longer.end - longer.start > item.end - item.start):
        return False
    return longer.cue == item.cue or (longer.cue in VERB_CUES and item.cue in VERB_CUES)


@functools.cache
def cue_forms(language, cue):
    """The forms of one cue type in one language, as the table writes them (titles: "Commissioner", "Gen.")."""
    return tuple(row["form"] for row in _rows("cues.csv") if row["language"] == language and row["cue"] == cue)


@functools.cache
def cue_table(language):
    return CueTable([row for row in _rows("cues.csv") if row["language"] == language])


@dataclass(frozen=True)
class CountryMention:
    iso3: str
    start: int
    end: int
    demonym: bool


def _country_forms():
    """(iso3, form, is_demonym) for every country name in English, French and Spanish, and every table row."""
    forms = []
    catalogues = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
                  for language in NAME_CATALOGUES]
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", country.name)}
        for name in list(names):
            for catalogue in catalogues:
                names.add(catalogue.gettext(name))
        # "Bolivia, Plurinational State of": the part before the comma is how a text names it.
        names |= {name.split(",")[0].strip() for name in names}
        forms += [(country.alpha_3, name, False) for name in names if len(name) > 3 or name.isupper()]
    forms += [(row["iso3"], row["form"], False) for row in _rows("country_names.csv")]
    forms += [(row["iso3"], row["form"], True) for row in _rows("demonyms.csv")]
    return forms


class CountryTable:
    """Every form that names a country; the longest wins ("Dominican Republic" before "Dominican")."""

    def __init__(self):
        self.matcher = PhraseMatcher((form, (iso3, demonym)) for iso3, form, demonym in _country_forms())

    def find(self, text, tokens=None):
        mentions = []
        for start, end, (iso3, demonym) in self.matcher.find(text, tokens):
            if text[end:end + 1] == "$":  # "US$15M" is a currency, not a country
                continue
            mentions.append(CountryMention(iso3, start, end, demonym))
        return mentions


def _is_acronym(form):
    letters = [character for character in form if character.isalpha()]
    return bool(letters) and all(character.isupper() for character in letters) and len(letters) <= 5


@functools.cache
def country_table():
    return CountryTable()


@functools.cache
def host_names(iso3):
    """The names of a country itself (not its capital or ministries), casefolded, in every language read: "in
    Haiti" says no place within it, "in Port-au-Prince" does."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return frozenset()
    names = {country.name, getattr(country, "common_name", country.name)}
    for language in NAME_CATALOGUES:
        catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        names |= {catalogue.gettext(name) for name in list(names)}
    names |= {row["form"] for row in _rows("country_names.csv") if row["iso3"] == iso3 and row["kind"] == "name"}
    return frozenset(name.casefold() for name in names)


@functools.cache
def currencies():
    """Currency words and symbols as written in statements → ISO 4217, longest first."""
    rows = _rows("currencies.csv")
    return sorted(((row["form"], row["code"]) for row in rows), key=lambda pair: -len(pair[0]))


@functools.cache
def scale_words():
    """Words that multiply an amount: million, millions, millones, M, bn…"""
    return {row["form"].casefold(): int(row["factor"]) for row in _rows("scales.csv")}
