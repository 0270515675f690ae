"""Locust scenarios: the mixed load of a province's working day, for the cluster test
(scripts/cluster_test.sh) and for load figures.

    locust -f benchmarks/locust/cluster_mix.py --headless -u 20 -r 5 --run-time 3m \\
        --host http://10.77.0.20

It reads CLUSTER_WORLD (a JSON file: API tokens, village codes, staff accounts; written by
scripts/cluster/appside.py world) and writes two files next to CLUSTER_RESULTS:
- acks.jsonl: one line per acknowledged work order (Idempotency-Key, tracking number, id, status);
- requests.csv: every request (unix time, name, status; 0 = no answer: connection refused/reset).

Who does what (weights):
- citizens (6): the portal's home and Q&A page, questions to POST /api/v1/qa/ask, and now and then a
  request submitted as a work order (POST /api/v1/workorders, channel portal, through an integration);
- hotline agents (3): intake of calls, POST /api/v1/workorders with the agent's token, channel hotline;
- staff (2): the workbench and its queue, signed in with a password;
- supervisors (1): the overview and the performance dashboard.

Intake behaves like a real client: every order has its own Idempotency-Key, and an answer that is
not an acknowledgement (502/503/504, no answer at all) is retried with the same key and body after
a pause (Retry-After, at most 3 s), until acknowledged (201 new, 200 replayed) or the run ends.
A 4xx other than 429 is not retried (recorded as a failure).
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser

WORLD = json.loads(Path(os.environ.get("CLUSTER_WORLD", "var/cluster/run/world.json")).read_text())
RESULTS = Path(os.environ.get("CLUSTER_RESULTS", "var/cluster/results"))
RESULTS.mkdir(parents=True, exist_ok=True)
RETRY_STATUSES = {0, 502, 503, 504, 429}
MAX_TRY_SECONDS = float(os.environ.get("CLUSTER_INTAKE_GIVE_UP_SECONDS", "120"))

QUESTIONS = [
    "公司拖欠我三个月工资不发，我该怎么办？",
    "离婚后孩子的抚养费怎么计算？",
    "邻居家装修把我家墙弄裂了，可以要求赔偿吗？",
    "交通事故对方全责但不赔钱怎么办？",
    "父母去世后房子怎么继承？",
    "工地干活受伤了老板不管，能申请工伤吗？",
    "网购买到假货商家不退款怎么办？",
    "借钱给朋友没写借条，现在不还怎么办？",
    "土地承包经营权被村里收回合法吗？",
    "被公司辞退没有补偿，我可以申请劳动仲裁吗？",
]

_lock = threading.Lock()
_acks = (RESULTS / "acks.jsonl").open("a", encoding="utf-8")
_requests_file = (RESULTS / "requests.csv").open("a", newline="", encoding="utf-8")
_requests = csv.writer(_requests_file)


@events.request.add_listener
def _record(
    request_type: str, name: str, response_time: float, response_length: int, response: Any, exception: Any, **_: Any
) -> None:
    status = getattr(response, "status_code", 0) or 0
    with _lock:
        _requests.writerow([f"{time.time():.3f}", f"{request_type} {name}", status])


@events.quitting.add_listener
def _flush(**_: Any) -> None:
    with _lock:
        _acks.flush()
        _requests_file.flush()


def _acknowledge(key: str, answer: dict[str, Any], status: int) -> None:
    line = json.dumps(
        {"key": key, "tracking_number": answer.get("tracking_number"), "id": answer.get("id"), "http": status}
    )
    with _lock:
        _acks.write(line + "\n")
        _acks.flush()  # acknowledged = on disk before the next request


class _Intake(HttpUser):
    abstract = True
    token = ""
    channel = "api"

    def submit(self, text: str) -> None:
        key = uuid.uuid4().hex
        body = {
            "region_code": random.choice(WORLD["villages"]),
            "text": f"{text} [cluster-load {key}]",
            "contact_name": "测试",
            "contact_phone": f"139{random.randrange(10**8):08d}",
            "channel": self.channel,
        }
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
        started = time.monotonic()
        while True:
            with self.client.post(
                "/api/v1/workorders", json=body, headers=headers, name="POST /api/v1/workorders", catch_response=True
            ) as response:
                status = response.status_code or 0
                if status in (200, 201):
                    _acknowledge(key, response.json(), status)
                    response.success()
                    return
                if status not in RETRY_STATUSES:
                    response.failure(f"HTTP {status}: {response.text[:200]}")
                    return
                response.failure(f"HTTP {status} (retried with the same key)")
                wait = min(3.0, float(response.headers.get("Retry-After", "1") or 1)) if status else 1.0
            if time.monotonic() - started > MAX_TRY_SECONDS:
                return
            time.sleep(wait)


class Citizen(_Intake):
    weight = 6
    wait_time = between(1, 3)
    token = WORLD["integration_token"]
    channel = "portal"

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="GET /")

    @task(2)
    def qa_page(self) -> None:
        self.client.get("/qa/", name="GET /qa/")

    @task(4)
    def ask(self) -> None:
        self.client.post(
            "/api/v1/qa/ask",
            json={"question": random.choice(QUESTIONS), "channel": "portal"},
            name="POST /api/v1/qa/ask",
        )

    @task(2)
    def submit_request(self) -> None:
        self.submit(random.choice(QUESTIONS))


class HotlineAgent(_Intake):
    weight = 3
    wait_time = between(1, 2)
    token = WORLD["hotline_token"]
    channel = "hotline"

    @task
    def intake(self) -> None:
        self.submit("来电咨询：" + random.choice(QUESTIONS))


class _Staff(HttpUser):
    abstract = True
    accounts: list[list[str]] = []
    signed_in = False

    def on_start(self) -> None:
        self.username, self.password = random.choice(self.accounts)

    def sign_in(self) -> bool:
        page = self.client.get("/accounts/staff/login/", name="GET /accounts/staff/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        if page.status_code != 200 or match is None:
            return False
        answer = self.client.post(
            "/accounts/staff/login/",
            data={"username": self.username, "password": self.password, "csrfmiddlewaretoken": match.group(1)},
            headers={"Referer": f"{self.host}/accounts/staff/login/"},
            name="POST /accounts/staff/login/",
            allow_redirects=False,
        )
        self.signed_in = answer.status_code in (302, 303)
        if answer.status_code == 200:
            raise StopUser  # the form came back: wrong account, nothing to retry
        return self.signed_in

    def page(self, path: str) -> None:
        if not self.signed_in and not self.sign_in():
            return
        # /workbench/ sends each role to its own landing page: follow it; landing on the login
        # page means the session was lost (sign in again next time).
        answer = self.client.get(path, name=f"GET {path}")
        if "/accounts/" in (answer.url or ""):
            self.signed_in = False


class Staff(_Staff):
    weight = 2
    wait_time = between(2, 4)
    accounts = WORLD["staff"]

    @task(2)
    def workbench(self) -> None:
        self.page("/workbench/")

    @task(3)
    def queue(self) -> None:
        self.page("/workbench/queue/")


class Supervisor(_Staff):
    weight = 1
    wait_time = between(3, 6)
    accounts = WORLD["supervisors"]

    @task
    def overview(self) -> None:
        self.page("/workbench/overview/")

    @task
    def dashboard(self) -> None:
        self.page("/workbench/performance/")
