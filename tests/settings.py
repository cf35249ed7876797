"""The test settings: the platform's own, as development (a secret key may be generated in the
data directory), whoever runs pytest and however; background jobs run at once, in process."""

import os

os.environ.setdefault("SAFETYNET_ENV", "development")

from safetynet.settings import *  # noqa: F403
from safetynet.settings import Q_CLUSTER

Q_CLUSTER = {**Q_CLUSTER, "sync": True}

# A file, not the shared in-memory database: threads in the concurrency tests then wait for
# SQLite's write lock as production does, instead of failing on shared-cache locks. (The mutation
# run gives each of its test processes a copy of its own: tests/mutation_db.py.)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405

# One step of clock drift either side for the authenticator-app codes (production: none), so a
# test that logs the same account in twice within 30 seconds can use the next step's code
# (allauth refuses a code used once already).
MFA_TOTP_TOLERANCE = 1
