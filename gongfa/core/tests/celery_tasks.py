"""A task for the worker-killed test (loaded by that test's workers with `-I`, nowhere else)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from celery import shared_task


@shared_task(name="gongfa_testing.record_run", soft_time_limit=8, time_limit=10)
def record_run(folder: str) -> int:
    """Write a line per run; the first run then hangs (to be killed), a later one finishes.

    Twice: that is the point; each run only appends its own line."""
    runs = Path(folder) / "runs"
    first = not runs.exists()
    with runs.open("a") as handle:
        handle.write(f"{os.getpid()}\n")
    if first:
        time.sleep(60)  # killed long before
    (Path(folder) / "done").write_text(str(os.getpid()))
    return os.getpid()
