"""Who is acting: a person logged in (with a staff record) or a partner system's token, with the
capabilities their position holds today."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.utils import timezone

from safetynet.agencies.capabilities import PARTNER_SYSTEM, capabilities_of
from safetynet.agencies.closed import closed_to, unreadable
from safetynet.agencies.models import ApiClient, Staff, Unit


@dataclass(frozen=True)
class Principal:
    user: User | None = None
    client: ApiClient | None = None
    staff: Staff | None = None
    capabilities: frozenset[str] = field(default_factory=frozenset)
    # Content closed to the unit's kind (agencies.closed_content): no capability reads it.
    closed: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of_user(cls, user: AbstractBaseUser | AnonymousUser) -> Principal:
        if not isinstance(user, User) or not user.is_active:  # a User is authenticated
            return cls()
        staff = Staff.objects.select_related("unit", "unit__agency").filter(user=user).first()
        if staff is None:
            return cls(user=user)
        today = timezone.localdate()
        closed = closed_to(staff.unit.kind, on=today)
        held = capabilities_of(staff.unit.kind, staff.role, on=today) - unreadable(closed)
        return cls(user=user, staff=staff, capabilities=held, closed=closed)

    @classmethod
    def of_client(cls, client: ApiClient) -> Principal:
        today = timezone.localdate()
        closed = closed_to(client.unit.kind, on=today)
        held = capabilities_of(client.unit.kind, PARTNER_SYSTEM, on=today) - unreadable(closed)
        return cls(client=client, capabilities=held, closed=closed)

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def client_id(self) -> int | None:
        return self.client.pk if self.client is not None else None

    @property
    def unit(self) -> Unit | None:
        if self.staff is not None:
            return self.staff.unit
        return self.client.unit if self.client is not None else None

    @property
    def unit_id(self) -> int | None:
        unit = self.unit
        return unit.pk if unit is not None else None

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None or self.client is not None

    def has(self, capability: str) -> bool:
        return capability in self.capabilities
