"""Chinese numerals as people write them in dates and addresses: 七十四, 一九八五, 二〇二三, 一百零五."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERALS = "零〇○一二兩三四五六七八九十百千"
_RUN = re.compile(f"[{NUMERALS}]+")


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105, 一二三 → 123 (digit by digit)."""
    if not any(c in UNITS for c in text):
        return int("".join(str(DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in DIGITS:
            current = DIGITS[c]
        else:
            total += (current or 1) * UNITS[c]
            current = 0
    return total + current


def arabic(text: str) -> str:
    """Every run of Chinese numerals in the text written in digits: 民國七十四年三月 → 民國74年3月."""
    return _RUN.sub(lambda match: str(chinese_number(match.group(0))), text)
