"""A figure against the year before, as a leader reads it: 持平 when equal, the signed
difference and the percentage otherwise, and nothing computed when either side is
approximate or a lower bound (50余次 against 40余次 is not +10)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    text: str  # 持平 · +23件（+6.7%） · 2022年 40余次
    description: str  # 较2022年 332件 · …
    direction: int  # +1 up, -1 down, 0 level or not computed
    computed: bool  # False when either side is not exact


def change(
    value: float,
    qualifier: str,
    unit: str,
    prev_year: int,
    prev_value: float,
    prev_qualifier: str,
    prev_text: str,
) -> Change:
    prev = f"{prev_year}年 {prev_text}"
    if qualifier != "exact" or prev_qualifier != "exact":
        return Change(prev, "含约数或下限，不计算增减", 0, False)
    diff = value - prev_value
    if diff == 0:
        return Change("持平", f"与{prev}相同", 0, True)
    percent = f"（{diff / prev_value:+.1%}）" if prev_value else ""
    return Change(f"{diff:+g}{unit}{percent}", f"较{prev}", 1 if diff > 0 else -1, True)
