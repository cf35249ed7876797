"""WSGI entry point for production servers."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safetynet.settings")
application = get_wsgi_application()

# Import every view now rather than on the first request, then move everything loaded so far
# (~300,000 objects: Django, the linkage stack) out of the garbage collector's sight. A full
# collection otherwise walks them all, ~90 ms, stalling whichever requests are in flight.
get_resolver().url_patterns  # noqa: B018
gc.freeze()
