"""The one exception services raise when a request cannot be carried out as asked."""

from __future__ import annotations

from django.utils.functional import Promise


class ServiceError(Exception):
    """A rule said no. `code` is stable for API clients; `message` is shown to people.

    `conflict` marks errors about the state of things (already screened, already accepted)
    as opposed to bad input.
    """

    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        conflict: bool = False,
        field_errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = str(message)
        self.conflict = conflict
        self.field_errors = field_errors or {}
