"""REST API v1: the contexts' routers assembled with the API's authentication, errors and
JSON-only parsing (`safetynet.api`). OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from safetynet.api.setup import new_api
from safetynet.cases.api import router as cases
from safetynet.intake.api import router as intake

api = new_api(
    title="SafetyNet API",
    version="1",
    description=(
        "File reports, read the screening queue, screen, and answer dispatches; a unit's own "
        "case system reads its cases, posts contacts and lists what is due."
    ),
    urls_namespace="api-v1",
)
api.add_router("/", intake)
api.add_router("/", cases)
