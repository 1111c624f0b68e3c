"""WSGI entry point, as used by gunicorn (``gunicorn meldcode.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldcode.settings")

application = get_wsgi_application()
