"""What each context offers a person on the shell's pages: menu entries and worklist cards."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: Promise | str
    url: str


@dataclass(frozen=True)
class WorkItem:
    """A card on the home page: what waits, how many, where to act on it."""

    title: Promise | str
    count: int
    url: str
    urgent: int = 0  # how many of them are overdue or otherwise pressing
    hint: Promise | str = ""
