"""kegong's settings with the read API's app (and django-ninja's static files for /api/v1/docs) installed:
for ``makemigrations api`` and for the server the API tests start, until kegong.settings lists them."""

from kegong.settings import *  # noqa: F403

for _app in ("kegong.api", "ninja"):
    if _app not in INSTALLED_APPS:  # noqa: F405
        INSTALLED_APPS.append(_app)  # noqa: F405
