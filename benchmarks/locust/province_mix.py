"""Locust scenario for benchmarks/province_load.py: the users of cluster_mix.py (same tasks, same
weights, same intake with Idempotency-Key and retries, same acks.jsonl / requests.csv), with their
think time scaled by PROVINCE_THINK (default 1.0 = cluster_mix.py's own; 0.1 = ten times faster).

With the cluster test's think times, 20–40 users ask for 10–20 requests/s, which one web node
serves: the two-node / one-node ratio then measures the users, not the nodes. A smaller think time
(or more users) makes the load saturate the nodes, and the ratio a statement about capacity.

    PROVINCE_THINK=0.1 locust -f benchmarks/locust/province_mix.py --headless -u 40 -r 5 \\
        --run-time 10m --host http://10.77.0.20
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from locust import between

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cluster_mix as _mix

THINK = float(os.environ.get("PROVINCE_THINK", "1.0"))
if not 0 <= THINK <= 10:
    raise SystemExit("PROVINCE_THINK is a factor, 0–10")


def _scaled(low: float, high: float) -> Callable[..., float]:
    return between(low * THINK, high * THINK)


class Citizen(_mix.Citizen):
    wait_time = _scaled(1, 3)


class HotlineAgent(_mix.HotlineAgent):
    wait_time = _scaled(1, 2)


class Staff(_mix.Staff):
    wait_time = _scaled(2, 4)


class Supervisor(_mix.Supervisor):
    wait_time = _scaled(3, 6)
