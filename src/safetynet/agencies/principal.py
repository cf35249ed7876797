"""Who is acting: a person logged in (with a staff record) or a partner system's token."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from safetynet.agencies.models import ApiClient, Role, Staff, Unit


@dataclass(frozen=True)
class Principal:
    user: User | None = None
    client: ApiClient | None = None
    staff: Staff | None = None

    @classmethod
    def of_user(cls, user: AbstractBaseUser | AnonymousUser) -> Principal:
        if not isinstance(user, User) or not user.is_authenticated:
            return cls()
        staff = Staff.objects.select_related("unit", "unit__agency").filter(user=user).first()
        return cls(user=user, staff=staff)

    @classmethod
    def of_client(cls, client: ApiClient) -> Principal:
        return cls(client=client)

    @property
    def unit(self) -> Unit | None:
        if self.staff is not None:
            return self.staff.unit
        return self.client.unit if self.client is not None else None

    @property
    def role(self) -> str | None:
        return self.staff.role if self.staff is not None else None

    @property
    def at_desk(self) -> bool:
        """Screeners and supervisors of the city's intake desk see every report."""
        return self.staff is not None and self.staff.at_desk

    @property
    def is_desk_supervisor(self) -> bool:
        return self.at_desk and self.role == Role.SUPERVISOR

    @property
    def is_unit_staff(self) -> bool:
        return self.staff is not None

    def has_role(self, *roles: str) -> bool:
        return self.role in roles
