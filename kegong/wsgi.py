import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kegong.settings")
if os.name == "posix":  # files the server writes (uploads, reports) are the service account's only
    os.umask(0o077)
application = get_wsgi_application()
