from django.http import HttpRequest
from django.utils import translation

from dateline.conf import setting


def site(request: HttpRequest) -> dict:
    """Give every template the site name, the current edition and its text direction."""
    language = translation.get_language() or setting("DATELINE_LANGUAGES")[0]
    return {
        "site_name": setting("DATELINE_SITE_NAME"),
        "edition": language,
        "editions": setting("DATELINE_LANGUAGES"),
        "text_direction": "rtl" if language in setting("DATELINE_RTL_LANGUAGES") else "ltr",
    }
