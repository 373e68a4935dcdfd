"""The catalogues under src/muster/locale: French and Spanish translate every message, Haitian Creole at least 95 %,
no translation loses or changes a placeholder, and the compiled .mo files Django reads say what the .po files say.

`.ci/run` also runs GNU msgfmt --check on each catalogue and checks that `make messages` (xgettext) finds no message
missing from them; those need gettext's tools, which `make test` does not ask a user's machine for.
"""

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import muster

# The catalogues are files: .ci/run runs these once.
pytestmark = pytest.mark.database_independent

LOCALE = Path(muster.__file__).parent / "locale"
FULLY_TRANSLATED = ["fr", "es"]
CREOLE_AT_LEAST = 0.95
# What a translation must carry over unchanged: printf and brace placeholders, HTML tags and entities, `code`.
PLACEHOLDER = re.compile(r"%\([a-zA-Z_0-9]+\)[sdrif]|%[sdrif]|%%|\{[a-zA-Z_0-9]*\}|</?[a-zA-Z][^>]*>|&[a-z]+;|`[^`]+`")


def catalogue(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


def forms(message):
    """A message's msgid forms and msgstr forms as tuples (one each, or singular and plural)."""
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return tuple(ids), tuple(strings)


def translated(message):
    return not message.fuzzy and all(forms(message)[1])


@pytest.mark.parametrize("language", FULLY_TRANSLATED)
def test_french_and_spanish_translate_every_message(language):
    messages = [m for m in catalogue(language) if m.id]
    assert len(messages) > 1500
    assert [forms(m)[0][0] for m in messages if not all(forms(m)[1])] == []
    assert [forms(m)[0][0] for m in messages if m.fuzzy] == []


def test_haitian_creole_translates_at_least_95_percent():
    messages = [m for m in catalogue("ht") if m.id]
    done = sum(1 for m in messages if translated(m))
    assert done / len(messages) >= CREOLE_AT_LEAST, f"{done} of {len(messages)}"


@pytest.mark.parametrize("language", ["fr", "es", "ht"])
def test_every_translation_keeps_the_placeholders_and_tags_of_its_message(language):
    """A lost %(count)s raises KeyError-free nonsense at best and a server error at worst; a lost tag breaks a link."""
    wrong = []
    for message in catalogue(language):
        if not message.id or not translated(message):
            continue
        ids, strings = forms(message)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            found = sorted(PLACEHOLDER.findall(string))
            # A plural's singular may leave the count out ("Un incident"), never gain or change one.
            if found != wanted and not (len(ids) > 1 and set(found) <= set(wanted)):
                wrong.append((ids[0], wanted, found))
    assert wrong == []


@pytest.mark.parametrize("language", ["fr", "es", "ht"])
def test_the_compiled_catalogue_is_the_one_its_po_file_says(language):
    """Django reads the .mo files, committed so that installing needs no gettext; `make messages` rebuilds them."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        # babel reads a compiled message's context as bytes, a source's as text
        compiled = {(m.context.decode() if isinstance(m.context, bytes) else m.context, forms(m)[0]): forms(m)[1]
                    for m in read_mo(mo) if m.id}
    source = {(m.context, forms(m)[0]): forms(m)[1] for m in catalogue(language) if m.id and translated(m)}
    assert compiled == source
