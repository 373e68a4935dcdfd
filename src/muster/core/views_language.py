"""The language switcher: a visitor's or a user's choice of language, remembered in a cookie for a year.

Django's own `set_language` takes a POST with a CSRF token; a public page is cached and served to every visitor,
so it cannot carry one visitor's token. Choosing a language changes nothing stored — only how pages are written for
this browser — so a GET form does it here, and the switcher works on every page, cached or not, without JavaScript.
Without a choice, LocaleMiddleware follows the browser's Accept-Language.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache


@never_cache
def language_choose(request):
    """Remember `language` (one of settings.LANGUAGES) and go back to `next` (a page of this site, else home)."""
    following = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(following, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        following = "/"
    response = HttpResponseRedirect(following)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
