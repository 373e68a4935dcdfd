"""`muster intake FILE --mission MSS --published …`: the proposals printed, one a line; --accept records them, all
or nothing."""

import pytest
from django.core.management import CommandError, call_command

from muster.force.models import Movement
from muster.intake.models import Statement
from muster.sources.models import Claim, Source

pytestmark = pytest.mark.django_db

KENYA = (
    "This morning I saw off an additional 144 police officers comprising 120 men and 24 women to bolster the 600 "
    "officers deployed earlier, bringing the total Kenyan deployment to 744.\n\n"
    "The US State Department approved waivers for $40.7 million in foreign assistance."
)
GUATEMALA = "Ciento cincuenta soldados guatemaltecos llegaron a Puerto Príncipe el 10 de marzo de 2025."


def run(tmp_path, text, *args, name="statement.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = []

    class Out:
        def write(self, line):
            out.append(line)

        def flush(self):
            pass

    call_command("intake", str(path), "--mission", "MSS", *args, stdout=Out())
    return "".join(out)


def test_it_prints_each_proposal_with_its_words_and_stores_only_the_statement(demo, tmp_path):
    claims, movements = Claim.objects.count(), Movement.objects.count()
    out = run(tmp_path, KENYA, "--published", "2025-02-06", "--publisher", "Interior ministry")
    lines = out.strip().splitlines()
    arrival = Movement.objects.get(contingent__country="KEN", date="2025-02-06", kind="arrival")
    assert lines[0] == ("movement: country=KEN, kind=arrival, count=144, men=120, women=24, date=2025-02-06 "
                        f"[cites movement {arrival.pk}] \u2014 \u201csaw off an additional 144 police officers "
                        "comprising 120 men and 24 women\u201d")
    assert any("value=744" in line and "[computed 761]" in line for line in lines)
    assert lines[-1].startswith("4 proposals of statement")
    assert Statement.objects.get().publisher == "Interior ministry"
    assert (Claim.objects.count(), Movement.objects.count()) == (claims, movements)


def test_accept_records_a_new_arrival_citing_the_statement(demo, tmp_path):
    movements = Movement.objects.count()
    out = run(tmp_path, GUATEMALA, "--published", "2025-03-11", "--language", "es", "--accept")
    assert "Recorded 1 of 1 proposals" in out
    movement = Movement.objects.get(contingent__country="GTM", date="2025-03-10", count=150)
    assert Movement.objects.count() == movements + 1
    citation = movement.citations.get()
    assert citation.source.publisher == "statement.txt" and citation.source.grade == "F6"
    assert citation.locator.startswith("paragraph 1, characters")


def test_accept_stores_nothing_when_one_proposal_cannot_be_recorded(demo, tmp_path):
    claims, sources = Claim.objects.count(), Source.objects.count()
    with pytest.raises(CommandError) as refused:
        run(tmp_path, KENYA, "--published", "2025-02-06", "--accept")
    assert "Nothing was stored" in str(refused.value) and "funding flow" in str(refused.value)
    assert (Claim.objects.count(), Source.objects.count(), Statement.objects.count()) == (claims, sources, 0)


def test_a_statement_before_the_mission_is_refused(demo, tmp_path):
    with pytest.raises(CommandError) as refused:
        run(tmp_path, KENYA, "--published", "2023-01-05")
    assert "published_on: MSS started on 2023-10-02" in str(refused.value)
    assert not Statement.objects.exists()
