"""Every page the navigation leads to stays light on a field connection: its HTML with the stylesheet and scripts
it links at most 150 KB as transferred (compressed), and uncompressed too where DESIGN.md's budget holds today.
The dashboard at field scale is weighed in tests/force/test_dashboard_field_scale.py."""

import re

import pytest

from tests.page_weight import PAGE_BUDGET, navigation_links, weigh

pytestmark = pytest.mark.django_db

USERS = ["j1", "j4", "finance", "admin"]  # between them, every link of the navigation



@pytest.mark.parametrize("username", USERS)
def test_every_page_of_the_navigation_weighs_at_most_150_kb(signed_in, username):
    client = signed_in(username)
    weights = {address: weigh(client, address)[:2] for address in navigation_links(client)}

    assert len(weights) >= 8
    assert {a: t for a, (_u, t) in weights.items() if t > PAGE_BUDGET} == {}, "transferred"
    assert {a: u for a, (u, _t) in weights.items() if u > PAGE_BUDGET} == {}, "uncompressed"


def test_every_page_of_the_api_documentation_weighs_at_most_150_kb(signed_in):
    # One page for every operation and schema weighed 340 KB with the stylesheet; now an index and a page per resource.
    client = signed_in("admin")
    uncompressed, _transferred, index = weigh(client, "/api/docs/")
    pages = re.findall(r'<a href="(/api/docs/[\w-]+/)"', index)
    assert len(pages) >= 30 and "/api/docs/movements/" in pages
    weights = {page: weigh(client, page)[0] for page in pages}
    assert uncompressed <= PAGE_BUDGET and {page: w for page, w in weights.items() if w > PAGE_BUDGET} == {}
