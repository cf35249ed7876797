"""The catalogue of capabilities: what a position (a role in a kind of unit) may do.

Each context declares the capabilities its policy asks about (`declare`, at import of its
policy module); which positions hold them is data (the `agencies.capabilities` rule table).
A context whose capabilities depend on data (one per linked system) declares a provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.functional import Promise

_declared: dict[str, Promise | str] = {}
_providers: list[Callable[[], Iterable[tuple[str, Promise | str]]]] = []


def declare(name: str, label: Promise | str) -> str:
    _declared[name] = label
    return name


def declare_provider(provider: Callable[[], Iterable[tuple[str, Promise | str]]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def catalogue() -> list[tuple[str, str]]:
    """Every capability with its label, declared ones first, in declaration order."""
    found = dict(_declared)
    for provider in _providers:
        found.update(provider())
    return [(name, str(label)) for name, label in found.items()]
