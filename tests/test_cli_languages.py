"""The `muster` commands speak the reader's language: their words through gettext, their numbers and dates in the
language's format (1 080 and 6 févr. 2025 in French, not 1,080 and 06 Feb 2025).

Two checks, because a message new to the code is English in every catalogue until it is translated:
- with gettext marking what it returns ⟦…⟧, none of the commands' English words is left outside the marks (a line
  written with an f-string would be), whatever the catalogues hold;
- with the real catalogues, what the commands print is the catalogue's text (computed here with gettext, so a
  translator's choice of words does not matter) with the figures of the demo in the language's number format.
"""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from muster.missions.models import Mission

pytestmark = pytest.mark.django_db

OPEN, CLOSE = "\u27e6", "\u27e7"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")  # the innermost: a message may hold another (a month)
ON = "2025-02-06"
REPORTS = ["strength", "perstat", "funding", "fleet", "sitrep"]
# Words of the commands' own messages: none may reach a French or Creole reader except through gettext.
ENGLISH = ["strength on", "ceiling", "Published figures", "personnel state", "funding on", "US dollars",
           "fleet on", "vehicles", "mission-capable", "(none)", "Wrote", "bytes", "No mission", "known:",
           "writes a file", "No file", "Nothing was stored", "Name at least one"]


@pytest.fixture
def marked(monkeypatch):
    """gettext and ngettext marking each text they return ⟦…⟧ (translated or not), for as long as the test runs."""
    real = translation._trans  # where django.utils.translation's functions find the real ones
    gettext_real, ngettext_real = real.gettext, real.ngettext
    monkeypatch.setattr(real, "gettext", lambda message: f"{OPEN}{gettext_real(message)}{CLOSE}")
    monkeypatch.setattr(real, "ngettext",
                        lambda singular, plural, n: f"{OPEN}{ngettext_real(singular, plural, n)}{CLOSE}")


def unmarked(text):
    """`text` without what went through gettext."""
    while MARKED.search(text):
        text = MARKED.sub(" ", text)
    return text


def english_in(text):
    rest = unmarked(text)
    return [words for words in ENGLISH if words in rest]


def printed(*arguments, **options):
    out = io.StringIO()
    call_command(*arguments, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def refusal(*arguments, **options):
    with pytest.raises(CommandError) as refused:
        call_command(*arguments, stdout=io.StringIO(), stderr=io.StringIO(), **options)
    return str(refused.value)


@pytest.mark.parametrize("language", ["fr", "ht"])
def test_the_commands_write_no_english_word_of_their_own_around_gettext(demo, marked, tmp_path, language):
    with translation.override(language):
        texts = {name: printed(name, mission="MSS", on=ON) for name in REPORTS}
        texts["wrote"] = printed("sitrep", mission="MSS", on=ON, format="docx", output=str(tmp_path / "s.docx"))
        texts["unknown mission"] = refusal("strength", mission="NOPE", on=ON)
        texts["bad date"] = refusal("strength", mission="MSS", on="6 Feb")
        texts["no output"] = refusal("sitrep", mission="MSS", on=ON, format="pdf")
        texts["no boundaries"] = refusal("import-boundaries")
        texts["no statement"] = refusal("intake", str(tmp_path / "none.txt"), mission="MSS", published=ON)
        texts["no table"] = refusal("import-acled", str(tmp_path / "none.csv"), mission="MSS")
    assert {name: english_in(text) for name, text in texts.items() if english_in(text)} == {}
    assert texts["unknown mission"].startswith(OPEN) and "NOPE" in texts["unknown mission"]
    # The test sees what it should: the title is one marked message, its words the catalogue's.
    with translation.override(language):
        title = gettext("%(mission)s — strength on %(date)s: %(total)s").split(" — ")[1].split("%(date)s")[0]
    assert f"{OPEN}MSS — Multinational Security Support Mission in Haiti — {title}" in texts["strength"]


@pytest.mark.parametrize("language", ["fr", "ht"])
def test_the_report_commands_write_figures_and_dates_as_the_language_does(demo, tmp_path, language):
    data = json.loads(printed("strength", mission="MSS", on=ON, format="json"))  # the figures, as a machine reads
    bahamas = next(row for row in data["strength"] if row["ISO"] == "BHS" and row["Category"] == "All categories")
    committed = next(row["Committed"] for row in json.loads(printed("funding", mission="MSS", on=ON, format="json"))
                     ["donors"] if row["Donor"] == "Global Affairs Canada")
    with translation.override(language):
        text = printed("strength", mission="MSS", on=ON)
        funding = printed("funding", mission="MSS", on=ON)
        target = tmp_path / "sitrep.docx"
        wrote = printed("sitrep", mission="MSS", on=ON, format="docx", output=str(target))
        total = number_format(data["total"], force_grouping=True)
        title = gettext("%(mission)s — strength on %(date)s: %(total)s") % {
            "mission": Mission.objects.get(code="MSS"), "total": total,
            "date": date_format(datetime.date.fromisoformat(data["on"]), "j M Y")}
        share = gettext("%(number)s%%") % {"number": number_format(bahamas["Women's share (at least)"] * 100, 1,
                                                                   force_grouping=True)}
        money = number_format(Decimal(committed), 2, force_grouping=True)
        size = number_format(target.stat().st_size, force_grouping=True)
        written = gettext("Wrote %(file)s (%(bytes)s bytes).") % {"file": target, "bytes": size}
    assert (data["total"], data["ceiling"]) == (1080, None)  # no ceiling on that date: the title without one
    assert total in ("1\u00a0080", "1 080", "1\u202f080")  # 1 080: French thousands, as Creole writes them
    assert text.splitlines()[0] == title
    assert "1,080" not in text and "06 Feb 2025" not in text
    assert share in next(line for line in text.splitlines() if line.startswith("Bahamas") and "150" in line)
    assert str(bahamas["Women's share (at least)"]) not in text  # not the raw fraction, 0.0154
    assert money in funding and committed not in funding and "," in money  # 55 858 687,24
    assert wrote.strip() == written and target.stat().st_size >= 1000  # large enough to be grouped
