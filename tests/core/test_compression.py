"""Pages travel gzipped except those that carry a secret (BREACH); static files are named as they are until
`collectstatic` has run, then by their content's hash, each with a gzip and a brotli copy (core/compression.py)."""

import gzip

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

from muster.core.compression import CompressedManifestStaticFilesStorage

pytestmark = pytest.mark.django_db


def test_a_page_travels_gzipped_to_a_browser_that_accepts_it(signed_in):
    client = signed_in("j3")
    plain = client.get("/dashboard/MSS/", {"on": "2025-02-06"})
    compressed = client.get("/dashboard/MSS/", {"on": "2025-02-06"}, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert "Content-Encoding" not in plain
    assert len(compressed.content) < len(plain.content) / 3
    assert b"Personnel on 6 Feb 2025" in gzip.decompress(compressed.content)


@pytest.mark.parametrize("address", ["/login/", "/account/two-factor/"])
def test_the_pages_that_carry_a_secret_are_not_compressed(signed_in, address):
    client = Client() if address == "/login/" else signed_in("j3")

    response = client.get(address, HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200 and len(response.content) > 200
    assert "Content-Encoding" not in response


def test_static_files_keep_their_names_until_collectstatic_then_carry_their_hash_and_compressed_copies(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path):
        assert static("muster/muster.css") == "/static/muster/muster.css"  # `make run`: nothing collected

        call_command("collectstatic", interactive=False, verbosity=0)
        collected = CompressedManifestStaticFilesStorage()  # a server started after collectstatic

        name = collected.stored_name("muster/muster.css")
        assert name != "muster/muster.css" and name.startswith("muster/muster.") and name.endswith(".css")
        assert (tmp_path / f"{name}.gz").exists() and (tmp_path / f"{name}.br").exists()
        assert collected.url("muster/htmx.min.js").startswith("/static/muster/htmx.min.")
