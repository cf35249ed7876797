"""Who is acting, as the lower layers need to know it: audit rows, rule changes, capability checks.

The platform's principal (`safetynet.agencies.principal.Principal`) is one; so is the system
itself during set-up (`SYSTEM`). Lower layers take an `Actor` so they need not import agencies.
"""

from __future__ import annotations

from typing import Protocol


class Actor(Protocol):
    @property
    def user_id(self) -> int | None: ...

    @property
    def client_id(self) -> int | None: ...

    def has(self, capability: str) -> bool: ...


class _System:
    """The platform itself (migrations, installation, scheduled jobs): no user, may do what
    set-up needs; audit rows name no actor."""

    user_id = None
    client_id = None

    def has(self, capability: str) -> bool:
        return True


SYSTEM: Actor = _System()
