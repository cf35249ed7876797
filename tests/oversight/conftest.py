"""The oversight tests run on an office-hours clock: the off-hours rule would otherwise see
every row written after 18:00 or on a weekend (when the suite happens to run) as off hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from unittest import mock

import pytest

# A Wednesday, 10:00 in Taipei; the clock moves on from there as the test runs.
OFFICE = dt.datetime(2026, 12, 2, 2, 0, tzinfo=dt.UTC)
_real_now = dt.datetime.now


@pytest.fixture(autouse=True)
def office_hours() -> Iterator[None]:
    started = _real_now(dt.UTC)
    with mock.patch("django.utils.timezone.now",
                    side_effect=lambda: OFFICE + (_real_now(dt.UTC) - started)):  # fmt: skip
        yield
