"""The one exception services raise when a request cannot be carried out as asked."""

from __future__ import annotations

from django.utils.functional import Promise


class ServiceError(Exception):
    """A rule said no. `code` is stable for API clients; `message` is shown to people.

    `conflict` marks errors about the state of things (already screened, already accepted, a
    stale edit) as opposed to bad input. The codes "not_found" (the object is missing or not
    the caller's to see: the same answer) and "forbidden" (seen, but not the caller's to change)
    have their own statuses.
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

    @property
    def status(self) -> int:
        """The HTTP status an API answers with."""
        if self.code == "not_found":
            return 404
        if self.code in ("forbidden", "wrong_channel"):
            return 403
        return 409 if self.conflict else 422
