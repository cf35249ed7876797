"""How names are compared."""

from __future__ import annotations

from safetynet.people.domain import normalise_name


def test_names_fold_variants_and_spacing() -> None:
    assert normalise_name(" 台 美玲 ") == normalise_name("臺美玲")
    assert normalise_name("NGUYEN THI HOA") == normalise_name("nguyen thi  hoa")
