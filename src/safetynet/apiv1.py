"""REST API v1: the contexts' routers assembled with the API's authentication, errors and
JSON-only parsing (`safetynet.api`). OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from safetynet.api.setup import new_api
from safetynet.intake.api import router as intake

api = new_api(
    title="SafetyNet API",
    version="1",
    description="File reports, read the screening queue, screen, and answer dispatches.",
    urls_namespace="api-v1",
)
api.add_router("/", intake)
