"""Whatever a user pastes, the reader answers with proposals whose spans lie in the text, or a StatementError:
never another exception."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from muster.intake.reading import StatementError, statement_read

WORDS = st.sampled_from([
    "144", "two hundred", "cent quarante-quatre", "Kenyan", "kényans", "guatemaltecos", "officers", "policiers",
    "arrived", "llegaron", "killed", "total", "bringing the total to", "$40.7 million", "40,7 millions de dollars",
    "US$15M", "frozen", "waiver", "pledged", "not", "will", "about", "between", "and", "to", "on Saturday", "hier",
    "este martes", "the force commander", "Godfrey Otunge", ",", ".", ";", "\n", "including", "women", "men", "1,500",
    "Haiti", "the US", "joins", "Chad", "un", "a", "l'", "d'", "'s", "wounded", "gang members", "civilians", "others",
    "since", "missing", "blessés", "Kenya:", "- Jamaica: 23", "et la France 3,2 millions", "met", "led by",
])


@settings(max_examples=150, deadline=None)
@given(words=st.lists(WORDS, min_size=1, max_size=40), language=st.sampled_from([None, "en", "fr", "es", "ht"]))
def test_any_mix_of_the_reader_s_words_reads_or_is_refused(words, language):
    text = " ".join(words)
    try:
        reading = statement_read(text, published=datetime.date(2025, 2, 6), language=language)
    except StatementError:
        assert not text.strip()
        return
    for proposal in reading.proposals:
        assert 0 <= proposal.span.start < proposal.span.end <= len(text)
        assert proposal.kind in {"movement", "claim", "funding", "participation", "incident"}
        if proposal.kind == "movement":
            assert proposal.fields["count"] >= 0
            assert proposal.fields["date"] <= "2025-02-06"
