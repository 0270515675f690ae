"""Demo data for the hotline desk (issue #16). Placeholder until its part lands."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class HotlineResult:
    calls: int = 0


def seed_hotline(
    seed: int, county_code: str, start: datetime.date, progress: Callable[[str], None] | None = None
) -> HotlineResult:
    return HotlineResult()
