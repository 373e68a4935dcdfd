"""Each public page stays within the field's budget (DESIGN.md, principle 4): HTML, CSS and scripts together."""

import pytest
from django.test import Client

from tests.page_weight import PAGE_BUDGET, weigh


@pytest.mark.parametrize("address", ["/public/", "/public/MSS/2025-06-30/", "/public/MSS/", "/public/GSF/"])
def test_a_public_page_weighs_at_most_150_kb(demo, address):
    uncompressed, _transferred, html = weigh(Client(), address)
    assert "<svg" in html or address == "/public/"
    assert uncompressed <= PAGE_BUDGET, f"{address}: {uncompressed:,} bytes"
