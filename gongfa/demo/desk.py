"""Demo data for the hotline desk (issue #16). Placeholder until its part lands."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class DeskResult:
    notices: int = 0


def seed_desk(
    seed: int, county_code: str, start: datetime.date, progress: Callable[[str], None] | None = None
) -> DeskResult:
    return DeskResult()
