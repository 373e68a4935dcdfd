"""The public pages' cache: keyed by mission, day, language and the change log's generation.

Every write Muster makes, by any path, leaves a row in the change log (core.changelog: each save and delete, and
the imports' bulk writes through `log_bulk`), so the log's highest id is a generation that moves whenever a record
a public page shows changes. A key that carries it is never stale: a movement recorded changes the page at once,
with no signal of its own and no invalidation to forget. Older keys are left to the cache's own expiry and culling.
"""

from django.core.cache import cache
from django.utils.translation import get_language

from muster.core.models import ObjectChange

TIMEOUT = 24 * 60 * 60  # a day: an entry outlived by a newer generation is dead weight until then


def public_generation():
    """The change log's highest id: one read of the primary key's index."""
    return ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def public_cached(*, mission, on, what, build):
    """`build()` for `what` of `mission` on `on` in the active language, from the cache when it holds the current
    generation's."""
    key = f"public:{public_generation()}:{mission.code}:{on.isoformat()}:{get_language()}:{what}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value
