"""What a page weighs as a browser fetches it: its HTML and the stylesheet and scripts it links (DESIGN.md,
principle 4: at most 150 KB together, uncompressed, for a connection in the field)."""

import gzip
import re

from django.contrib.staticfiles import finders

PAGE_BUDGET = 150 * 1024  # bytes of HTML, CSS, JS and images together


def weigh(client, address, **params):
    """(uncompressed, transferred, html): bytes of the page and the static files it links, as they are and as
    they travel (the page through GZipMiddleware, each static file as the gzip copy collectstatic makes)."""
    plain = client.get(address, params)
    assert plain.status_code == 200, f"{address}: {plain.status_code}"
    compressed = client.get(address, params, HTTP_ACCEPT_ENCODING="gzip")
    html = plain.content.decode()
    assets = set(re.findall(r'<(?:link|script|img)[^>]+(?:src|href)="/static/([^"]+)"', html))
    files = [open(finders.find(asset), "rb").read() for asset in assets]
    uncompressed = len(plain.content) + sum(len(f) for f in files)
    transferred = len(compressed.content) + sum(len(gzip.compress(f, 9)) for f in files)
    return uncompressed, transferred, html


def navigation_links(client):
    """The addresses the navigation of the client's home page leads to."""
    html = client.get("/").content.decode()
    nav = html[html.index('<nav id="main-nav"'):html.index("</nav>")]
    return re.findall(r'<a href="([^"]+)"', nav)
