"""What text the platform accepts: no NUL, no lone surrogates, no control characters other than
tab and line breaks. JSON may carry all three (`"\u0000"`, `"\ud800"`); the database takes none
of them (PostgreSQL refuses NUL, and nothing can encode a lone surrogate)."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def is_clean(text: str) -> bool:
    return _FORBIDDEN.search(text) is None
