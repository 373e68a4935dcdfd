"""Scoring the reading engine against the corpus: which proposals match which expected records, and precision and
recall per record kind and per field."""

import datetime
import json
from collections import defaultdict
from pathlib import Path

from muster.intake.reading import statement_read

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
# The fields that make a proposal the expected record; the others are scored once it is matched.
KEYS = {"movement": ("country", "kind", "count"), "claim": ("country", "metric", "value"),
        "funding": ("donor", "type", "amount"), "participation": ("role", "country", "person"),
        "incident": ("date",)}


def corpus():
    return [(path.stem, json.loads(path.read_text(encoding="utf-8"))) for path in sorted(CORPUS.glob("*.json"))]


def corpus_read(statement):
    return statement_read(statement["text"], published=datetime.date.fromisoformat(statement["published"]),
                          language=statement["language"])


def _key(kind, fields):
    names = KEYS[kind]
    if kind == "participation":
        names = ("role", "person") if fields.get("person") else ("role", "country")
    return tuple(fields.get(name) for name in names)


def _scored_fields(record):
    return {**record["fields"], "hedged": record.get("hedged", False)}


def matched(expected, proposals):
    """(expected record, proposal or None) for each expected record; and the proposals no record matched."""
    free = list(proposals)
    pairs = []
    for record in expected:
        proposal = next((candidate for candidate in free if candidate.kind == record["kind"]
                         and _key(candidate.kind, candidate.fields) == _key(record["kind"], record["fields"])), None)
        if proposal is not None:
            free.remove(proposal)
        pairs.append((record, proposal))
    return pairs, free


def scores(results):
    """Per (kind, field): proposals carrying it, expected records carrying it, and correct values; a kind's row
    under the field "*" counts whole records."""
    table = defaultdict(lambda: {"proposed": 0, "expected": 0, "correct": 0})
    for expected, proposals in results:
        pairs, unmatched = matched(expected, proposals)
        for proposal in proposals:
            table[(proposal.kind, "*")]["proposed"] += 1
            for name in {**proposal.fields, "hedged": proposal.hedged}:
                table[(proposal.kind, name)]["proposed"] += 1
        for record, proposal in pairs:
            table[(record["kind"], "*")]["expected"] += 1
            fields = _scored_fields(record)
            for name in fields:
                table[(record["kind"], name)]["expected"] += 1
            if proposal is None:
                continue
            table[(record["kind"], "*")]["correct"] += 1
            given = {**proposal.fields, "hedged": proposal.hedged}
            for name, value in fields.items():
                if name in given and given[name] == value:
                    table[(record["kind"], name)]["correct"] += 1
    return dict(table)


def score_table(table):
    lines = [f"{'kind':<14}{'field':<10}{'proposed':>9}{'expected':>9}{'correct':>8}{'precision':>10}{'recall':>8}"]
    for (kind, name), row in sorted(table.items()):
        precision = row["correct"] / row["proposed"] if row["proposed"] else 1.0
        recall = row["correct"] / row["expected"] if row["expected"] else 1.0
        lines.append(f"{kind:<14}{name:<10}{row['proposed']:>9}{row['expected']:>9}{row['correct']:>8}"
                     f"{precision:>10.2f}{recall:>8.2f}")
    return "\n".join(lines)
