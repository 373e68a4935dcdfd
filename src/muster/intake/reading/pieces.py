"""The pieces of a sentence the reader builds proposals from: numbers (written in figures or in words), amounts of
money, dates, each with its place in the statement's own text.

Numbers in words become figures through text2num's alpha2digit; the figures' places are carried back to the words
they came from by aligning the two texts word by word, so that a proposal's span highlights "two hundred and
seventeen", not a "217" the statement never printed. Dates come from dateparser, resolved against the publication
date; amounts from price-parser, with the scale words (million, millones, M, bn) and currencies of intake's data.
"""

import datetime
import difflib
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from dateparser.search import search_dates
from price_parser import Price
from text_to_num import alpha2digit

from .vocabulary import currencies, scale_words, tokens_of

# Languages text2num reads numbers in words in; Haitian Creole statements are read for figures only.
WORDS_TO_NUMBERS = {"en", "fr", "es"}
# dateparser's languages; a Haitian Creole statement's dates default to its publication date.
DATE_LANGUAGES = {"en", "fr", "es"}
# A figure: digits, groups of three after a thousands separator, a decimal part.
FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,\u00a0\u202f ]\d{3}(?!\d))*(?:[.,]\d+)?(?![\w])")
THOUSANDS = {"en": {","}, "fr": {" ", "\u00a0", "\u202f", "."}, "es": {".", " ", "\u00a0", "\u202f"},
             "ht": {",", " ", "\u00a0", "."}}
DECIMAL = {"en": ".", "fr": ",", "es": ",", "ht": ","}
# Words dateparser reads as dates that, alone or together, are usually something else ("may" a verb, "sept" seven,
# "the first" an ordinal), and words it takes along at a date's end ("domingo en un").
NOT_DATES = {"may", "sept", "mar", "sun", "sat", "now", "dom", "lun", "date", "the", "first", "second", "third",
             "premier", "première", "primer", "primero", "primera", "segundo", "segunda", "le", "la", "el", "on",
             "of", "de", "un", "une", "a", "an", "one", "seconde", "deuxième", "troisième", "tercer",
             "tercero", "fourth", "quatrième", "cuarto", "at", "à", "in", "en"}
TRAILING = {"en", "un", "una", "une", "a", "at", "on", "in", "of", "de", "du", "le", "la", "el", "à", "the", "y",
            "et", "and", ",", ".", ";", ":", "by", "por", "par", "to", "al", "au"}
# A duration alone ("un año después", "two weeks") is no date; with one of these words it is ("a year ago").
UNITS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "año", "años", "mes", "meses",
         "semana", "semanas", "día", "días", "an", "ans", "année", "années", "mois", "semaine", "semaines", "jour",
         "jours"}
AGO = {"ago", "hace", "il", "y", "last", "dernier", "dernière", "pasado", "pasada", "earlier"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "aug", "sep", "sept", "oct", "nov", "dec", "janvier", "février",
          "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
          "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre"}


@dataclass(frozen=True)
class Figure:
    """A number in the statement: its value and the exact words or figures it was written as."""

    value: Decimal
    start: int
    end: int


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    start: int
    end: int


@dataclass(frozen=True)
class DateMention:
    date: datetime.date
    start: int
    end: int


class Figures:
    """A sentence with its numbers in words turned into figures, and the way back to the sentence's own places."""

    def __init__(self, text, language):
        self.text = text
        self.language = language
        converted = alpha2digit(text, language, threshold=0) if language in WORDS_TO_NUMBERS else text
        self.converted = converted
        self._aligned = converted == text
        if not self._aligned:
            self._original_tokens = tokens_of(text)
            self._converted_tokens = tokens_of(converted)
            self._blocks = difflib.SequenceMatcher(
                None, [word for word, _s, _e in self._original_tokens],
                [word for word, _s, _e in self._converted_tokens], autojunk=False).get_opcodes()

    def original_span(self, start, end):
        """The place in the sentence of the converted text's [start, end)."""
        if self._aligned:
            return start, end
        starts, ends = [], []
        for tag, i1, i2, j1, j2 in self._blocks:
            for j in range(j1, j2):
                _word, token_start, token_end = self._converted_tokens[j]
                if token_end <= start or token_start >= end:
                    continue
                if tag == "equal":
                    _w, original_start, _e = self._original_tokens[i1 + (j - j1)]
                    shift = original_start - token_start
                    starts.append(max(start, token_start) + shift)
                    ends.append(min(end, token_end) + shift)
                elif i2 > i1:
                    starts.append(self._original_tokens[i1][1])
                    ends.append(self._original_tokens[i2 - 1][2])
        if not starts:
            return start, end
        return min(starts), max(ends)

    def figures(self):
        """Every number of the sentence but ordinals ("3rd", "3ème") and parts of words."""
        found = []
        for match in FIGURE.finditer(self.converted):
            value = figure_value(match.group(0), self.language)
            if value is None:
                continue
            start, end = self.original_span(match.start(), match.end())
            found.append(Figure(value, start, end))
        return found


def figure_value(written, language):
    """The value of a figure as the language writes it: "1,500" in English and "1 500" or "1.500" in French and
    Spanish are fifteen hundred; "40,7" in French is forty point seven."""
    decimal = DECIMAL.get(language, ".")
    thousands = THOUSANDS.get(language, {","})
    parts = re.split(r"([.,\u00a0\u202f ])", written)
    digits = parts[0]
    for index in range(1, len(parts), 2):
        separator, group = parts[index], parts[index + 1]
        is_last = index == len(parts) - 2
        if separator in thousands and len(group) == 3 and not (is_last and separator == decimal):
            digits += group
        elif separator in {decimal, "."} and is_last:
            digits += "." + group
        else:
            return None
    return Decimal(digits)


@functools.cache
def _amount_pattern():
    currency_forms = "|".join(re.escape(form) for form, _code in currencies())
    scales = sorted(scale_words(), key=len, reverse=True)
    spaced = "|".join(re.escape(word) for word in scales if len(word) > 2)
    attached = "|".join(re.escape(word) for word in scales if len(word) <= 2)
    number = r"\d+(?:[.,\u00a0\u202f ]\d{3}(?!\d))*(?:[.,]\d+)?"
    return re.compile(
        rf"(?:(?P<before>{currency_forms})\s?)?(?P<number>{number})"
        rf"(?:(?P<attached>{attached})(?!\w)|\s+(?P<scale>{spaced})(?!\w))?"
        rf"(?:\s+(?:de\s+|d['’])?(?:(?P<after>{currency_forms})|(?P<code>(?-i:[A-Z]{{3}})))(?!\w))?",
        re.IGNORECASE)


def amounts(figures):
    """Every amount of money in a sentence: a figure with a currency before or after it, and its scale word.
    Read as written first ("$40.7 million", "40,7 millones de dólares": text2num would turn the scale word into a
    figure of its own), then in the text with numbers in figures ("quarante millions de dollars")."""
    found = []
    codes = {form.casefold(): code for form, code in currencies()}
    for text, converted in ((figures.text, False), (figures.converted, True)):
        if converted and figures.converted == figures.text:
            break
        for match in _amount_pattern().finditer(text):
            currency_words = match.group("before") or match.group("after")
            scale = (match.group("attached") or match.group("scale") or "").casefold()
            if not currency_words and not (match.group("code") and scale):
                continue
            start, end = figures.original_span(match.start(), match.end()) if converted else match.span()
            if any(start < other.end and other.start < end for other in found):
                continue
            parsed = Price.fromstring(match.group("number"), decimal_separator=DECIMAL.get(figures.language, "."))
            if parsed.amount is None:
                continue
            # "$" alone in these statements is the US dollar (the currency table says so); C$, J$ name their own.
            # A code the table does not know ("40 million XTS") is kept as written, for review to refuse or correct.
            code = codes.get(currency_words.casefold(), "") if currency_words else match.group("code")
            found.append(Amount(parsed.amount * scale_words().get(scale, 1), code, start, end))
    return sorted(found, key=lambda amount: amount.start)


def bare_amounts(figures):
    """Figures with a scale word and no currency ("et la France 3,2 millions"): amounts whose currency an amount
    before them in the sentence gives."""
    found = []
    for match in _amount_pattern().finditer(figures.text):
        scale = (match.group("attached") or match.group("scale") or "").casefold()
        if match.group("before") or match.group("after") or match.group("code") or not scale:
            continue
        parsed = Price.fromstring(match.group("number"), decimal_separator=DECIMAL.get(figures.language, "."))
        if parsed.amount is not None:
            found.append(Amount(parsed.amount * scale_words()[scale], "", match.start(), match.end()))
    return found


def dates(figures, *, published, masked=()):
    """The dates a sentence names, resolved against the publication date (the past preferred: "on Saturday" is
    the Saturday before). `masked` are places of figures that count people or money: dateparser would read "On
    Saturday, 75" as 1975. The sentence is searched as written: its numbers in figures would turn "the first" into
    "the 1st", a day."""
    if figures.language not in DATE_LANGUAGES:
        return []
    text = figures.text
    for start, end in masked:
        text = text[:start] + " " * (end - start) + text[end:]
    found = search_dates(text, languages=[figures.language], settings=_date_settings(published)) or []
    mentions = []
    cursor = 0
    for words, moment in found:
        place = text.find(words, cursor)
        if place < 0:
            continue
        cursor = place + len(words)
        kept = _date_words(words)
        if kept is None:
            continue
        if kept != words:
            moment = _date_parser(figures.language, published).get_date_data(kept).date_obj
            if moment is None:
                continue
        day = moment.date()
        # "on Wednesday" in a statement of a Wednesday is that day, not the week before.
        if day == published - datetime.timedelta(days=7) and not re.search(r"\d", kept):
            day = published
        start = place + words.find(kept)
        mentions.append(DateMention(day, start, start + len(kept)))
    return mentions


def _date_words(words):
    """The words of a date dateparser found, without the words it took along ("domingo en un", "Yesterday 75",
    "in March, 20"); None when what is left is no date ("the first", "may")."""
    tokens = re.findall(r"[\w'’/-]+|[^\w\s]", words)
    while tokens and (tokens[-1].casefold() in TRAILING or tokens[-1].isdigit() and not _ends_with_month(tokens)):
        tokens.pop()
    words_left = [token for token in tokens if re.search(r"\w", token)]
    if not words_left or all(token.casefold() in NOT_DATES or token.isdigit() and len(token) != 4 and len(
            words_left) == 1 for token in words_left):
        return None
    if not any(re.search(r"[^\W\d_]", token) for token in words_left) and not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", "".join(tokens)):
        return None  # figures alone ("75", "2025") are counts or years, not days
    folded = {token.casefold() for token in words_left}
    if folded & UNITS and not folded & AGO and not folded - UNITS - NOT_DATES - {"1"} - set(
            token for token in folded if token.isdigit()):
        return None
    start = words.find(tokens[0])
    end = words.rfind(tokens[-1]) + len(tokens[-1])
    return words[start:end]


def _ends_with_month(tokens):
    """"6 February 2025" and "February 6" keep their figures; "Saturday, 75" does not."""
    return len(tokens) > 1 and tokens[-2].casefold() in MONTHS


@functools.cache
def _date_parser(language, published):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=[language], settings=_date_settings(published))


def _date_settings(published):
    return {"RELATIVE_BASE": datetime.datetime.combine(published, datetime.time(12)),
            "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
