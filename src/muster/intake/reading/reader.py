"""Reading a statement sentence by sentence into proposals (see `proposals.statement_read`).

In each sentence the reader finds the pieces (numbers in figures or words, amounts, dates, countries and demonyms,
cue words of intake's data) and puts them together: a number followed by the people it counts ("144 police
officers") near a movement's cue ("saw off") is a movement; a number after a total's cue ("bringing the total … to
744") is a claim; an amount near a funding cue ("waivers for $40.7 million") a transaction; people killed, wounded,
missing or abducted in one event an incident with its tolls by group.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .pieces import Figures, amounts, bare_amounts, dates
from .records import Proposal, Span
from .vocabulary import VERB_CUES, Cue, country_table, cue_forms, cue_table, host_names, tokens_of

# Where the mission serves: "arrived in Haiti" names the place, not the contingent. Muster's missions do not record
# their host country yet; a caller that knows another passes it to statement_read as `host`.
HOST_COUNTRY = "HTI"
PREPOSITION_OF = re.compile(r"^\s+(?:of|de|d['’]|del)\s*$", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”»’)]?\s+(?=[\"“«¿¡(]?[A-ZÀ-Ý0-9])|\n\s*")
# Words before a full stop that do not end a sentence.
ABBREVIATIONS = {"u.s", "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "cpl", "pc", "st", "no", "maj", "capt",
                 "insp", "supt", "sr", "sra", "m", "mme", "ee.uu", "uu", "jan", "feb", "aug", "sept", "oct", "nov",
                 "dec", "approx"}
CLAUSE_BREAK = re.compile(r";|\s(?:but|mais|pero|whereas|while|tandis que|mientras que|sin embargo)\s",
                          re.IGNORECASE)
# Words that open an aside (what follows to the next comma describes, it does not report) and a purpose.
ASIDE = re.compile(r"\s*(?:including|among them|comprising|of whom|dont|parmi eux|y compris|entre ellos|incluidos|"
                   r"incluidas|de los cuales)\b", re.IGNORECASE)
PURPOSE = re.compile(r"(?:\bto|\bpara|\bpour|\bafin de|\bin order to)\s+$", re.IGNORECASE)
# Where an incident happened: a place named after a locative word, perhaps a few words on ("in Pétion-Ville", "sur
# la route de Kenscoff", "en el departamento de Artibonito", "dans l'Artibonite").
PLACE = re.compile(
    r"\b(?:in|near|at|outside|around|against|à|près de|dans|sur|vers|contre|en|cerca de|contra|junto a)"
    r"(?:\s+(?:[a-zà-ÿ]+|d['’]\w+|l['’]\w+)){0,3}?(?:\s+(?:of|de|du|des|del|d['’]))?\s*(?:l['’]|la\s+|le\s+|el\s+)?"
    r"((?:[A-ZÀ-Ý][\w'’-]+)(?:\s+(?:[A-ZÀ-Ý][\w'’-]+))*)")
# Roles in the mission itself: a person in one is the mission's whatever country the statement gives.
MISSION_ROLES = {"force commander", "deputy force commander", "contingent commander", "special representative"}
NAME = r"(?:[A-ZÀ-Ý][\w'’.-]+)(?:\s+(?:[A-ZÀ-Ý][\w'’.-]+|de|da|del|van|von|la|le)){0,3}"
NAME_AFTER = re.compile(rf"^\s*,?\s*(?:(?:of|for|de|du|del)\s+(?:the\s+|la\s+|l['’])?[A-ZÀ-Ý]\w+\s+)?({NAME})")
NAME_BEFORE = re.compile(rf"({NAME}),\s+(?:the\s+|le\s+|la\s+|el\s+)?(?:[\w'’-]+\s+){{0,2}}$")


def sentences(text):
    """(start, end) of each sentence: ends at a full stop, question or exclamation mark before a capital, or at a
    line's end (a headline); "U.S." and "Mr." do not end one."""
    spans = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        before = text[start:match.start()].rstrip(".!?\"”»’) ").rsplit(None, 1)
        if before and before[-1].casefold().rstrip(".") in ABBREVIATIONS and "\n" not in match.group(0):
            continue
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


@dataclass
class _Sentence:
    """A sentence's pieces, places relative to the sentence."""

    start: int
    text: str
    figures: Figures
    tokens: list
    cues: list
    countries: list
    amounts: list
    numbers: list
    clauses: list
    paragraph: int
    dates: list | None = None

    def clause_of(self, place):
        return next((index for index, (start, end) in enumerate(self.clauses) if start <= place <= end), 0)

    def cues_of(self, kind):
        return [cue for cue in self.cues if cue.cue == kind]

    def words_between(self, start, end):
        return len(tokens_of(self.text[start:end])) if start < end else 0

    def negated(self, place):
        """A denial before `place` in the sentence ("dément l'information selon laquelle…"), or a "not" within
        three words before it in its clause ("has not paused")."""
        clause = self.clause_of(place)
        for cue in self.cues_of("negation"):
            if cue.value == "denial" and cue.start < place:
                return True
            if cue.end <= place and self.clause_of(cue.start) == clause and self.words_between(cue.end, place) <= 3:
                return True
        return False

    def future(self, place):
        clause = self.clause_of(place)
        return any(self.clause_of(cue.start) == clause for cue in self.cues_of("future"))


class StatementReader:
    def __init__(self, text, *, published, language, host):
        self.text = text
        self.host = host
        self.published = published
        self.language = language
        self.cues = cue_table(language)
        self.titles = {form.casefold().rstrip(".") for form in cue_forms(language, "title")}
        self.context_country = ""  # the contingent the statement is about, from the sentences read so far
        self.context_donor = ""
        self.context_date = None  # the date of the last movement read, for a total said in the next sentence
        self.last_movement = None
        self.dated = set()  # ids of proposals whose date the statement gives (not the publication's)
        self.host_names = host_names(host)
        self.funding_sentences = {}  # id of a funding proposal → the sentence it was read in, for its purposes

    def read(self):
        proposals = []
        paragraph = 0
        previous_end = 0
        read = []
        for start, end in sentences(self.text):
            if "\n" in self.text[previous_end:start]:
                paragraph += 1
            previous_end = end
            sentence = self._pieces(start, end, paragraph)
            read.append(sentence)
            proposals += self._sentence_proposals(sentence)
        purposes = self._purposes(proposals, read)
        return _merged(proposals, self.dated, purposes)

    def _pieces(self, start, end, paragraph):
        words = self.text[start:end]
        tokens = tokens_of(words)
        figures = Figures(words, self.language)
        money = amounts(figures)
        numbers = [figure for figure in figures.figures()
                   if not any(amount.start <= figure.start < amount.end for amount in money)]
        clauses, clause_start = [], 0
        for match in CLAUSE_BREAK.finditer(words):
            clauses.append((clause_start, match.start()))
            clause_start = match.end()
        clauses.append((clause_start, len(words)))
        return _Sentence(start=start, text=words, figures=figures, tokens=tokens, cues=self.cues.find(words, tokens),
                         countries=country_table().find(words, tokens), amounts=money, numbers=numbers,
                         clauses=clauses, paragraph=paragraph)

    def _date_near(self, sentence, place, masked):
        """The date the sentence gives nearest `place`, or None."""
        if sentence.dates is None:
            sentence.dates = dates(sentence.figures, published=self.published, masked=masked)
        if not sentence.dates:
            return None
        return min(sentence.dates, key=lambda mention: abs(mention.start - place)).date

    # -- one sentence ---------------------------------------------------------------------------------------------

    def _sentence_proposals(self, sentence):
        if not (sentence.numbers or sentence.amounts or sentence.cues_of("joins") or sentence.cues_of("role")
                or sentence.cues_of("movement")):
            self._remember_countries(sentence)
            return []
        masked = [(figure.start, figure.end) for figure in sentence.numbers if self._counts_people(sentence, figure)]
        masked += [(amount.start, amount.end) for amount in sentence.amounts]
        counts, splits, totals, earlier = self._classified_numbers(sentence)
        movements = self._movements(sentence, counts, splits, masked)
        proposals = movements + self._claims(sentence, totals, earlier, splits, movements, masked)
        proposals += self._funding(sentence, masked)
        proposals += self._participation(sentence, counts, movements)
        proposals += self._incidents(sentence, movements, masked)
        if not movements and not totals and splits and self.last_movement is not None:
            self._split_of_last_movement(splits)
        self._remember_countries(sentence, proposals)
        return proposals

    def _split_of_last_movement(self, splits):
        """"Parmi eux figurent trente femmes": the men or women of the movement the sentence before reported."""
        for split in splits:
            fields = self.last_movement.fields
            if fields[split["sex"]] is None and split["figure"].value < fields["count"]:
                fields[split["sex"]] = int(split["figure"].value)

    def _remember_countries(self, sentence, proposals=()):
        for proposal in proposals:
            if proposal.kind in {"movement", "claim"} and proposal.fields.get("country"):
                self.context_country = proposal.fields["country"]
            if proposal.kind == "funding" and proposal.fields.get("donor"):
                self.context_donor = proposal.fields["donor"]
        if not proposals:
            named = [mention.iso3 for mention in sentence.countries if mention.iso3 != self.host]
            if named and not self.context_country:
                self.context_country = named[0]

    def _counts_people(self, sentence, figure):
        return self._noun_after(sentence, figure) is not None or self._group_before(sentence, figure) is not None

    def _noun_after(self, sentence, figure, kinds=frozenset({"personnel", "men", "women", "group"})):
        """The first cue of a noun after a figure (people, men, women, a group), within four words with no other
        figure between them."""
        for cue in sentence.cues:
            if cue.start < figure.end or cue.cue not in kinds:
                continue
            gap = sentence.text[figure.end:cue.start]
            if len(tokens_of(gap)) > 4 or re.search(r"[\d;:()]", gap) or any(
                    figure.end <= other.start < cue.start for other in sentence.numbers):
                return None
            return cue
        return None

    def _group_before(self, sentence, figure):
        """"a group of 75", "un contingent de 150": the group's noun just before the figure."""
        for cue in sentence.cues_of("group"):
            if cue.end <= figure.start and PREPOSITION_OF.match(sentence.text[cue.end:figure.start]):
                return cue
        return None

    def _hedged(self, sentence, figure):
        return any(cue.end <= figure.start and not sentence.text[cue.end:figure.start].strip(" $€£")
                   for cue in sentence.cues_of("hedge"))

    def _hedge_words(self, sentence, figure):
        """The place of the word that hedges a figure ("about", "some", "between"), to highlight with it."""
        if figure is None:
            return []
        return [(cue.start, cue.end) for cue in sentence.cues_of("hedge") + sentence.cues_of("range")
                if cue.end <= figure.start and not sentence.text[cue.end:figure.start].strip(" $€£")]

    def _range_end(self, sentence, figure):
        """The upper figure of a range that begins at `figure` ("between 200 and 250", "8 to 10"), if any."""
        for other in sentence.numbers:
            if other.start <= figure.end:
                continue
            joiner = next((cue for cue in sentence.cues_of("range_joiner")
                           if figure.end <= cue.start and cue.end <= other.start), None)
            written = sentence.text[joiner.start:joiner.end] if joiner else None
            if written is None or sentence.text[figure.end:other.start].strip() != written:
                return None
            between = any(cue.end <= figure.start and not sentence.text[cue.end:figure.start].strip()
                          for cue in sentence.cues_of("range"))
            if between or sentence.text[joiner.start:joiner.end].casefold() not in {"and", "et", "y"}:
                return other
            return None
        return None

    def _classified_numbers(self, sentence):
        """The sentence's figures sorted by what they count: people moving (with their noun), the men and women
        among them, totals, and earlier figures."""
        counts, splits, totals, earlier = [], [], [], []
        range_ends = set()
        for figure in sentence.numbers:
            if figure in range_ends or figure.value != figure.value.to_integral_value():
                continue
            upper = self._range_end(sentence, figure)
            if upper is not None:
                range_ends.add(upper)
            noun = self._noun_after(sentence, upper or figure)
            group = self._group_before(sentence, figure)
            clause = sentence.clause_of(figure.start)
            total_before = [cue for cue in sentence.cues_of("total") if cue.end <= figure.start
                            and sentence.clause_of(cue.start) == clause
                            and sentence.words_between(cue.end, figure.start) <= 10
                            and not any(cue.end <= other.start < figure.start for other in sentence.numbers)]
            total_after = [cue for cue in sentence.cues_of("total") if cue.start >= figure.end
                           and sentence.words_between(figure.end, cue.start) <= 2
                           and not re.search(r"\d", sentence.text[figure.end:cue.start])]
            earlier_after = [cue for cue in sentence.cues_of("earlier") if cue.start >= figure.end
                             and sentence.words_between(figure.end, cue.start) <= 3]
            item = {"figure": figure, "noun": noun or group, "upper": upper,
                    "hedged": self._hedged(sentence, figure) or upper is not None}
            if earlier_after and (noun or group):
                earlier.append({**item, "cue": earlier_after[0]})
            elif noun is not None and noun.cue in {"men", "women"}:
                splits.append({**item, "sex": noun.cue})
            elif (total_before or total_after) and figure.value >= 2 and self._about_people(
                    sentence, figure, noun, (total_before or total_after)[-1 if total_before else 0]):
                totals.append({**item, "cue": (total_before or total_after)[-1 if total_before else 0]})
            elif (said := self._country_said_before(sentence, figure, totals)) is not None and (
                    noun is None or not sentence.cues_of("movement")):
                totals.append({**item, "cue": said})
            elif (noun is not None and noun.cue == "personnel") or group is not None:
                if _is_year(figure) and noun is None:
                    continue
                counts.append(item)
        for split in splits:
            # The men or women of a split are part of the figure nearest before them: the arrival's 144, or the
            # total's 150 ("totals 150, including 19 women").
            before = [item for item in counts + totals if item["figure"].start < split["figure"].start]
            if before:
                max(before, key=lambda item: item["figure"].start).setdefault("splits", []).append(split)
        return counts, splits, totals, earlier

    def _country_said_before(self, sentence, figure, totals):
        """A country's figure without a verb: a line of a list ("- Kenya: 600 police officers") or a figure after
        a total, its verb left out ("Guatemala mantiene 150 efectivos y El Salvador, 78"). The sign between the
        country and the figure stands for the total's cue."""
        if figure.value < 2 or _is_year(figure):
            return None
        before = [mention for mention in sentence.countries if mention.end <= figure.start
                  and mention.iso3 != self.host and re.fullmatch(r"['’]?s?\s*[:,–—-]?\s*",
                                                                  sentence.text[mention.end:figure.start])]
        if not before:
            return None
        mention = before[-1]
        listed = re.fullmatch(r"[\W\d]*", sentence.text[:mention.start]) and ":" in sentence.text[
            mention.end:figure.start]
        if not (listed or totals):
            return None
        return Cue("total", "strength", mention.start, figure.start)

    def _about_people(self, sentence, figure, noun, cue):
        """A total counts people when its figure's noun says so or its words name a country, the mission or a
        contingent ("the total Kenyan deployment to 744", "Guatemala's contingent totals 150")."""
        if noun is not None and noun.cue in {"personnel", "group"}:
            return True
        if any(mention.demonym and 0 <= mention.start - figure.end <= 1 for mention in sentence.countries):
            return True  # "the 150 Guatemalans now deployed"
        clause_start = sentence.clauses[sentence.clause_of(figure.start)][0]
        # A total after a movement of the statement counts its people ("They bring the total to 744").
        return any(clause_start <= mention.start < figure.start for mention in sentence.countries) or any(
            clause_start <= other.start and other.end <= max(figure.end, cue.end) and other.cue in {
                "mission", "group", "personnel"} for other in sentence.cues) or (
            self.last_movement is not None and not sentence.amounts)

    def _phrase(self, sentence, figure, noun):
        """The words of a figure's noun phrase: from the figure to its noun and the two words after it
        ("policías militares guatemaltecos", "dos oficiales de Belice")."""
        start = min(figure.start, noun.start) if noun else figure.start
        end = max(figure.end, noun.end) if noun else figure.end
        clause_end = sentence.clauses[sentence.clause_of(figure.start)][1]
        after = [token for token in sentence.tokens if token[1] >= end and token[2] <= clause_end]
        for word, _start, token_end in after[:2]:
            stops = VERB_CUES | {"range_joiner"}  # "1.000 agentes y un presupuesto": the phrase ends at "y"
            if not re.search(r"\w", word) or any(cue.start == _start and cue.cue in stops for cue in sentence.cues):
                break
            end = token_end
        return start, end

    def _country_near(self, sentence, start, end, *, allow_host=False, exclude=()):
        """The country named in the words [start, end), or else nearest them, in the same clause if one is."""
        candidates = [mention for mention in sentence.countries if (allow_host or mention.iso3 != self.host)
                      and mention not in exclude]
        if not candidates:
            return None
        clause = sentence.clause_of(start)
        same = [mention for mention in candidates if sentence.clause_of(mention.start) == clause] or candidates

        def distance(mention):
            if start <= mention.start and mention.end <= end:
                return -1
            return min(abs(mention.end - start), abs(mention.start - end))
        return min(same, key=distance)

    def _category(self, sentence, start, end, *, alone=False):
        """The category the words [start, end) say; or, for the sentence's only figure, the one it says anywhere.
        People of two kinds together ("soldiers and police officers", "militaires et policiers") are of none."""
        for joiner in sentence.cues_of("range_joiner"):
            if start < joiner.start and not sentence.text[end:joiner.start].strip() or start < joiner.start < end:
                # "soldiers and police officers" are of two kinds; "soldiers and three constables" two figures
                if any(joiner.end <= noun.start and sentence.words_between(joiner.end, noun.start) <= 1
                       and not any(joiner.end <= other.start < noun.start for other in sentence.numbers)
                       for noun in sentence.cues_of("personnel")):
                    return ""
        values = {cue.value for cue in sentence.cues_of("category") if start <= cue.start and cue.end <= end}
        if not values and alone:
            values = {cue.value for cue in sentence.cues_of("category")}
        return values.pop() if len(values) == 1 else ""

    def _movement_cue(self, sentence, place):
        """The cue of a figure's movement: in its clause, the nearest, but not one of an aside ("including the
        first woman ever deployed overseas") or of a purpose ("to reinforce", "para reforzar") when the sentence
        has another."""
        cues = sentence.cues_of("movement")
        if not cues:
            return None
        clause = sentence.clause_of(place)
        same = [cue for cue in cues if sentence.clause_of(cue.start) == clause]
        if not same:
            return None  # "…were killed on Sunday; two police officers were wounded": no movement for the two
        main = [cue for cue in same if not self._aside(sentence, cue) and not PURPOSE.search(
            sentence.text[max(0, cue.start - 12):cue.start])] or same
        return min(main, key=lambda candidate: abs(candidate.start - place))

    def _aside(self, sentence, cue):
        """Whether a cue is in an aside: the words from "including", "dont", "entre ellos"… to the next comma."""
        part_start = sentence.text.rfind(",", 0, cue.start) + 1
        return bool(ASIDE.match(sentence.text[part_start:cue.start]))

    def _movement_kind(self, sentence, cue):
        """The kind a cue says; leaving home for the mission's country is an arrival in the mission ("left
        Nairobi for Haiti", "departed Nassau for Haiti")."""
        rotation = any(other.value == "rotation" for other in sentence.cues_of("movement"))
        if cue.value == "rotation":
            departing = [other for other in sentence.cues_of("movement") if other.value == "departure"]
            return "rotation_out" if departing else "rotation_in"
        if rotation and cue.value in {"arrival", "departure"}:
            # "a relief team … arrived … to replace": the arrival is a rotation's
            return "rotation_in" if cue.value == "arrival" else "rotation_out"
        if cue.value == "departure":
            for destination in sentence.cues_of("destination"):
                if destination.start < cue.end or sentence.words_between(cue.end, destination.start) > 3:
                    continue
                if any(mention.iso3 == self.host and mention.start >= destination.end
                       and not sentence.text[destination.end:mention.start].strip() for mention in sentence.countries):
                    return "arrival"
        return cue.value

    def _movements(self, sentence, counts, splits, masked):
        if not sentence.cues_of("movement"):
            return []
        movements = []
        items = list(counts)
        if not items and splits:
            items = [{"figure": None, "noun": None, "upper": None, "hedged": False}]
        if not items:
            items = self._singular_casualty(sentence)
        for item in items:
            figure = item["figure"]
            place = figure.start if figure else splits[0]["figure"].start
            cue = self._movement_cue(sentence, place)
            if cue is None:
                continue
            pledge = [other for other in sentence.cues_of("funding") if other.value in {"pledge", "commitment"}
                      and abs(other.start - place) < abs(cue.start - place)]
            if pledge or sentence.negated(place) or sentence.negated(cue.start) or sentence.future(cue.start):
                continue
            mine = item.get("splits", []) if figure is not None else splits
            men = next((int(split["figure"].value) for split in mine if split["sex"] == "men"), None)
            women = next((int(split["figure"].value) for split in mine if split["sex"] == "women"), None)
            count = int(figure.value) if figure else (men or 0) + (women or 0)
            phrase_start, phrase_end = self._phrase(sentence, figure, item["noun"]) if figure else (place, place)
            if self._not_the_missions(sentence, phrase_start, phrase_end):
                continue
            country = self._country_near(sentence, phrase_start, phrase_end)
            date = self._date_near(sentence, place, masked)
            if date is not None and date > self.published:
                continue  # still to come: recorded when it happens
            kind = self._movement_kind(sentence, cue)
            pieces = [(phrase_start, phrase_end), (cue.start, cue.end)] + self._hedge_words(sentence, figure)
            pieces += [(split["figure"].start, split["noun"].end) for split in mine]
            if kind.startswith("rotation"):
                # a rotation's words and its direction's: "relief team … arrived", "relieved … returned"
                direction = "departure" if kind == "rotation_out" else "arrival"
                for value in ("rotation", direction):
                    pieces += [(other.start, other.end) for other in sentence.cues_of("movement")
                               if other.value == value][:1]
            if country is not None and min(abs(country.start - phrase_end), abs(phrase_start - country.end)) < 40:
                pieces.append((country.start, country.end))
            note = ""
            if item["upper"] is not None:
                note = _("A range: %(low)s to %(high)s; the lower figure is proposed.") % {
                    "low": int(figure.value), "high": int(item["upper"].value)}
            proposal = Proposal(
                kind="movement",
                fields={"country": country.iso3 if country else self.context_country,
                        "category": self._category(sentence, phrase_start, phrase_end, alone=len(items) == 1),
                        "kind": kind, "count": count, "men": men, "women": women,
                        "date": (date or self.published).isoformat()},
                span=self._span(sentence, pieces), hedged=item["hedged"], note=note)
            if date is not None:
                self.dated.add(id(proposal))
                self.context_date = date
            movements.append(proposal)
            self.last_movement = proposal
        return movements

    def _not_the_missions(self, sentence, start, end):
        """People the words [start, end) say are not the mission's: gang members, civilians, the host country's
        police ("12 gang members were killed", "two Haitian police officers")."""
        return any(start <= cue.start and cue.end <= end for cue in sentence.cues_of("outsiders")) or any(
            start <= mention.start and mention.end <= end and mention.iso3 == self.host
            for mention in sentence.countries)

    def _incidents(self, sentence, movements, masked):
        """One incident for a sentence that reports people killed, wounded, missing or abducted, with its tolls by
        group (operations' codes). A toll over a period ("since January", "in the first quarter") or in the
        hundreds is a count of many incidents, not one; a wound the sentence only recalls ("wounded in Kenscoff,
        was medically evacuated") belongs to an incident it does not date."""
        outcomes = [cue for cue in sentence.cues if cue.cue == "toll" or (
            cue.cue == "movement" and cue.value in {"killed", "missing"})]
        if not outcomes or sentence.cues_of("period") or any(
                cue.cue == "movement" and cue.value == "medevac" for cue in sentence.cues):
            return []
        tolls, pieces, group, counted = {}, [], None, []
        for movement in movements:  # the mission's own, counted as its movements count them
            if movement.fields["kind"] in {"killed", "missing"}:
                key = ("mission", movement.fields["kind"])
                tolls[key] = tolls.get(key, 0) + movement.fields["count"]
                pieces.append((movement.span.start - sentence.start, movement.span.end - sentence.start))
                counted.append(movement)
                group = "mission"
        for figure in sentence.numbers:
            noun = self._noun_after(sentence, figure, kinds={"personnel", "outsiders", "others"}) or next((
                cue for cue in sentence.cues_of("others") if cue.end <= figure.start
                and not sentence.text[cue.end:figure.start].strip()), None)  # "otros diez", "ten others"
            if noun is None or figure.value != figure.value.to_integral_value():
                continue
            if figure.value == 1 and sentence.words_between(figure.end, noun.start) > 1:
                continue  # "un enfrentamiento con pandilleros": an article, not one gang member
            if any(movement.span.start <= sentence.start + figure.start < movement.span.end
                   and movement.fields["count"] == figure.value for movement in counted):
                continue
            if figure.value >= 100:
                return []
            clause = sentence.clause_of(figure.start)
            said = [cue for cue in outcomes if sentence.clause_of(cue.start) == clause
                    and not sentence.negated(cue.start) and not sentence.future(cue.start)]
            after = [cue for cue in said if cue.start >= noun.end]
            if not said:
                continue
            outcome = min(after or said, key=lambda cue: abs(cue.start - figure.end))
            group = self._toll_group(sentence, figure, noun, group)
            key = (group, "killed" if outcome.value == "killed" else outcome.value)
            tolls[key] = tolls.get(key, 0) + int(figure.value)
            pieces += [(figure.start, noun.end), (outcome.start, outcome.end)]
        if not tolls:
            return []
        date = self._date_near(sentence, pieces[0][0], masked) or self.published
        return [Proposal(kind="incident", fields={"date": date.isoformat(), "tolls": [
            {"group": group, "outcome": outcome, "count": count} for (group, outcome), count in sorted(tolls.items())],
            "location": self._place(sentence, masked)}, span=self._span(sentence, pieces))]

    def _place(self, sentence, masked):
        """The first place a sentence names after a locative word, as written: not a country, a date, the mission
        or a person's title."""
        dated = sentence.dates or []
        for match in PLACE.finditer(sentence.text):
            words, start = match.group(1), match.start(1)
            if any(mention.start <= start < mention.end for mention in dated):
                continue
            if any(mention.start <= start < mention.end and mention.iso3 != self.host or (
                    mention.iso3 == self.host and words.casefold() in self.host_names)
                   for mention in sentence.countries):
                continue
            if any(cue.start <= start < cue.end for cue in sentence.cues if cue.cue in {"mission", "title", "role"}):
                continue
            return words
        return ""

    def _toll_group(self, sentence, figure, noun, previous):
        """Whose a toll is: the group its words name (gang members, civilians, the national police), the host's
        people, "others" of the toll before; the mission's where a contingent or the mission is said; else the
        national police's for police, else not known."""
        start, end = self._phrase(sentence, figure, noun)
        named = [cue.value for cue in sentence.cues_of("outsiders") if start <= cue.start and cue.end <= end]
        if named:
            return named[0]
        if noun.cue == "others" and previous:
            return previous
        if any(start <= mention.start and mention.end <= end and mention.iso3 == self.host
               for mention in sentence.countries):
            return "police" if noun.cue == "personnel" else "civilians"
        if noun.cue != "personnel":
            return "unknown"
        contributor = any(mention.iso3 != self.host for mention in sentence.countries) or self.context_country
        if contributor or sentence.cues_of("mission"):
            return "mission"
        return "police" if re.search(r"polic", sentence.text[start:end], re.IGNORECASE) else "unknown"

    def _singular_casualty(self, sentence):
        """"A Kenyan police officer was killed": one person, counted by the singular noun, not a figure."""
        if not any(cue.value in {"killed", "missing", "medevac"} for cue in sentence.cues_of("movement")):
            return []
        nouns = sentence.cues_of("singular")
        if not nouns:
            return []
        return [{"figure": _One(nouns[0].start, nouns[0].end), "noun": nouns[0], "upper": None, "hedged": False}]

    def _claims(self, sentence, totals, earlier, splits, movements, masked):
        claims = []
        movement_date = next((proposal.fields["date"] for proposal in movements), None)
        for item in totals:
            figure, cue = item["figure"], item["cue"]
            if sentence.negated(figure.start) or sentence.negated(cue.start):
                continue
            start = min(cue.start, figure.start)
            end = max(cue.end, self._phrase(sentence, figure, item["noun"])[1])
            # the nation leading the mission ("encabezada por Kenia") is not the one a total counts
            leading = [mention for mention in sentence.countries if any(
                led.end <= mention.start and not sentence.text[led.end:mention.start].strip()
                for led in sentence.cues_of("led_by"))]
            inside = [mention for mention in sentence.countries if start <= mention.start and mention.end <= end
                      and mention.iso3 != self.host and mention not in leading]
            clause = sentence.clauses[sentence.clause_of(figure.start)]
            mission_inside = any(start <= other.start and other.end <= end for other in sentence.cues_of("mission"))
            mission_in_clause = any(clause[0] <= other.start <= clause[1] for other in sentence.cues_of("mission"))
            in_clause = [mention for mention in sentence.countries if clause[0] <= mention.start <= clause[1]
                         and mention.iso3 != self.host and mention not in leading]
            # what the total's verb follows: "la Force …, qui compte désormais 980 membres" is the force's
            subjects = [(mention.end, mention) for mention in in_clause if mention.end <= cue.start] + [
                (other.end, None) for other in sentence.cues_of("mission")
                if clause[0] <= other.start and other.end <= cue.start]
            nearest_subject = max(subjects, key=lambda pair: pair[0])[1] if subjects else False
            if inside:
                country = inside[0]
            elif mission_inside or (mission_in_clause and not in_clause) or nearest_subject is None:
                country = None
            else:
                country = self._country_near(sentence, start, end, exclude=leading)
            code = country.iso3 if country else ("" if mission_in_clause or mission_inside else self.context_country)
            date = self._date_near(sentence, figure.start, masked)
            as_of = movement_date or (date or self.context_date or self.published).isoformat()
            pieces = [(start, end)] + ([(country.start, country.end)] if country in in_clause else [])
            pieces += self._hedge_words(sentence, figure)
            claim = Proposal(kind="claim", fields={
                "country": code, "category": self._category(sentence, start, end), "metric": "strength",
                "value": int(figure.value), "as_of": as_of}, span=self._span(sentence, pieces), hedged=item["hedged"])
            claims.append(claim)
            for split in item.get("splits", []):
                claims.append(Proposal(kind="claim", fields={
                    **claim.fields, "metric": split["sex"], "value": int(split["figure"].value)},
                    span=self._span(sentence, [(start, end), (split["figure"].start, split["noun"].end)]),
                    hedged=split["hedged"]))
        for item in earlier:
            figure, cue = item["figure"], item["cue"]
            if sentence.negated(figure.start):
                continue
            country = self._country_near(sentence, figure.start, cue.end)
            reference = datetime.date.fromisoformat(movement_date) if movement_date else (
                self._date_near(sentence, figure.start, masked) or self.published)
            claims.append(Proposal(kind="claim", fields={
                "country": country.iso3 if country else self.context_country, "category": "",
                "metric": "strength", "value": int(figure.value),
                "as_of": (reference - datetime.timedelta(days=1)).isoformat()},
                span=self._span(sentence, [(figure.start, cue.end)]), hedged=item["hedged"],
                note=_("The earlier figure the statement implies: the strength before the movement it reports.")))
        return claims

    def _funding(self, sentence, masked):
        proposals = []
        cues = sentence.cues_of("funding")
        for amount in sentence.amounts:
            if not cues or sentence.negated(amount.start):
                continue
            cue = self._cue_for(sentence, cues, amount.start, amount.end)
            if sentence.negated(cue.start):
                continue
            if any(total.end <= amount.start and sentence.words_between(total.end, amount.start) <= 3
                   for total in sentence.cues_of("total")):
                continue  # "for a total contribution of $46 million": a sum of what is recorded, not a transaction
            donor = self._donor(sentence, amount.start)
            date = self._date_near(sentence, amount.start, masked) or self.published
            pieces = [(amount.start, amount.end), (cue.start, cue.end)] + self._hedge_words(sentence, amount)
            if donor is not None and min(abs(donor.start - amount.end), abs(amount.start - donor.end)) < 80:
                pieces.append((donor.start, donor.end))
            proposal = Proposal(kind="funding", fields={
                "donor": donor.iso3 if donor else self.context_donor, "type": cue.value,
                "amount": _decimal_string(amount.value), "currency": amount.currency, "date": date.isoformat(),
                "purposes": []}, span=self._span(sentence, pieces), hedged=self._hedged(sentence, amount))
            self.funding_sentences[id(proposal)] = sentence
            proposals.append(proposal)
        if proposals:
            proposals += self._gapped_funding(sentence, proposals)
        return proposals

    def _gapped_funding(self, sentence, before):
        """"Le Canada a versé 8,7 millions de dollars, et la France 3,2 millions": the second donor's amount, its
        verb and currency those of the amount before it."""
        gapped = []
        last = before[-1]
        for amount in bare_amounts(sentence.figures):
            if amount.start < last.span.end - sentence.start or any(
                    amount.start < other.end and other.start < amount.end for other in sentence.amounts):
                continue
            donors = [mention for mention in sentence.countries if mention.end <= amount.start
                      and re.fullmatch(r"\s*,?\s*", sentence.text[mention.end:amount.start])]
            if not donors:
                continue
            proposal = Proposal(kind="funding", fields={
                **last.fields, "donor": donors[-1].iso3, "amount": _decimal_string(amount.value), "purposes": []},
                span=self._span(sentence, [(donors[-1].start, amount.end)]),
                hedged=self._hedged(sentence, amount))
            self.funding_sentences[id(proposal)] = sentence
            gapped.append(proposal)
        return gapped

    def _cue_for(self, sentence, cues, start, end):
        """The cue that says what the words [start, end) are: in their part of the sentence between commas if
        one is there ("Of the $15 million committed, only $1.7 million had been spent"), else in their clause,
        the nearest."""
        def part(place):
            return sentence.text.count(",", 0, place) + sentence.text.count(";", 0, place)
        clause = sentence.clause_of(start)
        same = [cue for cue in cues if part(cue.start) == part(start)] or [
            cue for cue in cues if sentence.clause_of(cue.start) == clause] or cues
        return min(same, key=lambda cue: min(abs(cue.end - start), abs(cue.start - end)))

    def _donor(self, sentence, place):
        """The government giving: in the amount's clause if one is named there; a country named (not an adjective)
        before one only described, a country other than the host before the host ("Haiti pledges $50 million" is
        the host giving), the first of them."""
        clause = sentence.clause_of(place)
        candidates = [mention for mention in sentence.countries if sentence.clause_of(mention.start) == clause]

        def rank(mention):
            return (mention.iso3 == self.host, mention.demonym, mention.start)
        candidates = candidates or sentence.countries
        return min(candidates, key=rank) if candidates else None

    def _participation(self, sentence, counts, movements):
        proposals = []
        moving = {id(proposal) for proposal in movements}
        for item in counts:
            figure = item["figure"]
            # People are pledged or committed ("Belize has committed up to 50 personnel"): both are pledges of
            # personnel until they arrive.
            pledges = [cue for cue in sentence.cues_of("funding") if cue.value in {"pledge", "commitment"}]
            if not pledges or sentence.negated(figure.start) or any(
                    proposal.span.start <= sentence.start + figure.start < proposal.span.end
                    for proposal in movements if id(proposal) in moving):
                continue
            start, end = self._phrase(sentence, figure, item["noun"])
            cue = min(pledges, key=lambda candidate: abs(candidate.start - figure.start))
            clause = sentence.clause_of(figure.start)
            subject = [mention for mention in sentence.countries if mention.end <= cue.start
                       and sentence.clause_of(mention.start) == clause and mention.iso3 != self.host]
            country = subject[-1] if subject else self._country_near(sentence, start, end)
            pieces = [(start, end), (cue.start, cue.end)] + ([(country.start, country.end)] if country else [])
            proposals.append(Proposal(kind="participation", fields={
                "country": country.iso3 if country else self.context_country, "role": "pledges personnel",
                "count": int(figure.value)}, span=self._span(sentence, pieces), hedged=item["hedged"]))
        for cue in sentence.cues_of("joins"):
            if movements or counts or sentence.negated(cue.start) or sentence.future(cue.start):
                continue
            before = [mention for mention in sentence.countries if mention.end <= cue.start
                      and mention.iso3 != self.host]
            if not before:
                continue
            country = before[-1]
            if any(proposal.fields.get("country") == country.iso3 for proposal in proposals):
                continue
            proposals.append(Proposal(kind="participation", fields={"country": country.iso3, "role": "joins"},
                                      span=self._span(sentence, [(country.start, cue.end)])))
        proposals += self._people(sentence)
        return proposals

    def _people(self, sentence):
        people = []
        for cue in sentence.cues_of("role"):
            after = NAME_AFTER.match(sentence.text[cue.end:])
            before = NAME_BEFORE.search(sentence.text[:cue.start])
            if after:
                name, start, end = after.group(1), cue.end + after.start(1), cue.end + after.end(1)
            elif before:
                name, start, end = before.group(1), before.start(1), before.end(1)
            else:
                continue
            name, start = self._without_titles(name, start)
            if len(name.split()) < 2 or country_table().find(name):
                continue
            if any(meeting.end <= min(start, cue.start) and sentence.clause_of(meeting.start) == sentence.clause_of(
                    cue.start) for meeting in sentence.cues_of("meeting")):
                continue  # the one met ("met Prime Minister Garry Conille") is the mission's counterpart
            adjacent = [mention for mention in sentence.countries if mention.end <= cue.start
                        and re.fullmatch(r"(?:['’]s)?(?:\s+[\w-]+){0,3}\s*", sentence.text[mention.end:cue.start])]
            named = {mention.iso3 for mention in sentence.countries if mention.iso3 != self.host}
            country = adjacent[-1].iso3 if adjacent else self.context_country or (
                named.pop() if len(named) == 1 else "")
            if country == self.host or (not country and cue.value not in MISSION_ROLES):
                continue  # the host's officials, and a minister of no country said, are not the mission's people
            people.append(Proposal(kind="participation", fields={
                "person": name, "role": cue.value, "country": country},
                span=self._span(sentence, [(min(start, cue.start), max(end, cue.end))])))
        return people

    def _without_titles(self, name, start):
        words = name.split()
        while len(words) > 1 and words[0].casefold().rstrip(".") in self.titles:
            offset = name.index(words[1], len(words[0]))
            name, start, words = name[offset:], start + offset, words[1:]
        return name.rstrip(".,"), start

    def _purposes(self, proposals, read):
        """What a funding's money pays for: the purposes its sentence names, and the sentences after it in the
        same paragraph until the next amount ("The waivers cover logistics contracts for the bases…"). A purpose
        named as what is transported ("transport of equipment") is transport's."""
        purposes = {}
        for proposal in proposals:
            sentence = self.funding_sentences.get(id(proposal))
            if sentence is None:
                continue
            named = []
            for later in read[read.index(sentence):]:
                if later is not sentence and (later.amounts or later.paragraph != sentence.paragraph):
                    break
                cues = later.cues_of("purpose")
                for cue in cues:
                    carried = any(other.value == "transport" and other.end <= cue.start
                                  and later.words_between(other.end, cue.start) <= 2 for other in cues)
                    if cue.value not in named and not carried:
                        named.append(cue.value)
            proposal.fields["purposes"] = named
            purposes[id(proposal)] = named
        return purposes

    def _span(self, sentence, pieces):
        return Span(sentence.start + min(start for start, _end in pieces),
                    sentence.start + max(end for _start, end in pieces))


@dataclass(frozen=True)
class _One:
    """The figure one, said by a singular noun ("an officer was killed")."""

    start: int
    end: int
    value: Decimal = Decimal(1)


def _is_year(figure):
    return 1900 <= figure.value <= 2100


def _decimal_string(value):
    text = format(value.normalize(), "f")
    return text


def _merged(proposals, dated, purposes):
    """One proposal per record: a headline and its story's body report one arrival; the one with a date of its
    own (in `dated`), or the first, stays, with the men and women either gives."""
    kept = []
    for proposal in proposals:
        same = next((other for other in kept if _same_record(other, proposal)), None)
        if same is None:
            kept.append(proposal)
            continue
        if proposal.kind == "movement":
            if id(proposal) in dated and id(same) not in dated:
                same.fields["date"], same.span = proposal.fields["date"], proposal.span
                dated.add(id(same))
            for name in ("men", "women", "category"):
                same.fields[name] = same.fields[name] or proposal.fields[name]
        if proposal.kind == "funding":
            same.fields["purposes"] += [purpose for purpose in purposes.get(id(proposal), [])
                                        if purpose not in same.fields["purposes"]]
    return kept


def _same_record(one, other):
    if one.kind != other.kind:
        return False
    keys = {"movement": ("country", "kind", "count"), "claim": ("country", "metric", "value"),
            "funding": ("donor", "type", "amount"), "participation": ("country", "role", "person"),
            "incident": ("date", "tolls")}[one.kind]
    return all(one.fields.get(key) == other.fields.get(key) for key in keys)
