"""Light pages on a poor connection: pages compressed with gzip, static files as whitenoise compressed them.

A dashboard's HTML travels at about a fifth of its size, and htmx (52 KB) as 17 KB. DESIGN.md's 150 KB per page is
counted uncompressed; compression is the margin a field connection needs on top.
"""

from django.middleware import gzip
from whitenoise import storage

# Pages that carry a secret of their own besides the CSRF token (an authenticator app's key, recovery codes, a
# password being typed back after an error): sent uncompressed, since BREACH reads a secret from the size of a
# compressed response that also reflects what an attacker sent (see GZipMiddleware below).
UNCOMPRESSED_PAGES = {"login", "two_factor_verify", "two_factor_setup"}


class GZipMiddleware(gzip.GZipMiddleware):
    """Django's GZipMiddleware for every response but those that carry a secret of their own.

    BREACH: an attacker who can make a victim's browser send many requests whose responses reflect text of the
    attacker's choosing, and who can see the size of each compressed response, can learn a secret in the same
    response byte by byte. The compromise, after Django's notes on this middleware: the pages where a real secret
    is shown or typed, and any response marked `Cache-Control: no-store`, go uncompressed. The others hold no
    credential: the CSRF token is masked afresh in every response, the session cookie is SameSite=Lax (no
    cross-site subrequest carries it) and Django pads every compressed response with up to 100 random bytes
    ("Heal the Breach", since Django 4.2), so measuring what else a page holds takes more requests than anyone
    could send unnoticed.
    """

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if "no-store" in response.get("Cache-Control", "") or (match and match.url_name in UNCOMPRESSED_PAGES):
            return response
        return super().process_response(request, response)


class CompressedManifestStaticFilesStorage(storage.CompressedManifestStaticFilesStorage):
    """whitenoise's compressed manifest storage once `muster collectstatic` has run; each file under its own name
    until then.

    collectstatic writes each file under a name with a hash of its content (browsers may keep it for a year) with
    a gzip and a brotli copy beside it, and the manifest of those names. Without a manifest (`make run`, the
    tests, a developer's machine) the pages name the files as they are, and whitenoise serves them from the apps'
    folders (WHITENOISE_USE_FINDERS), so nothing needs collecting first. With DEBUG on, Django names them as they
    are anyway.
    """

    def stored_name(self, name):
        if not self.hashed_files:  # no manifest: collectstatic has not run
            return name
        return super().stored_name(name)
