"""The test settings: the platform's own, as development (a secret key may be generated in the
data directory), whoever runs pytest and however."""

import os

os.environ.setdefault("SAFETYNET_ENV", "development")

from safetynet.settings import *  # noqa: F403
