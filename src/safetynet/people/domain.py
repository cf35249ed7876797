"""Pure rules about people: how names are compared."""

from __future__ import annotations

import re
import unicodedata

# Variant characters that name registers and people write interchangeably.
_VARIANTS = str.maketrans({"台": "臺", "峯": "峰", "羣": "群", "綫": "線", "着": "著"})


def normalise_name(text: str) -> str:
    """The form names are compared in: NFKC, no spaces or dots, variants folded, Latin casefolded."""
    value = unicodedata.normalize("NFKC", text)
    value = re.sub(r"[\s·．.\-‧•]+", "", value)
    return value.translate(_VARIANTS).casefold()
