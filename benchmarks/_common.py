"""Helpers shared by the benchmark scripts: the throwaway database, Django set-up, timing,
percentiles and a description of the machine.

Import it from a script in this folder as ``import _common`` (Python puts the script's folder
first on sys.path, also for multiprocessing's spawned children).
"""

from __future__ import annotations

import base64
import datetime
import logging
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
PROTECTED_DATABASES = {"postgres", "template0", "template1", "gongfa", "gongfa_ci", "test_gongfa"}


# ---------------------------------------------------------------------------------------------
# The throwaway database.
# ---------------------------------------------------------------------------------------------
def default_database_url(name: str) -> str:
    return f"{DEFAULT_SERVER}/{name}"


def sqlite_database(stem: str = "seed") -> tuple[str, Callable[[], None]]:
    """A fresh SQLite file under var/bench/ and a function that deletes it (with -wal/-shm)."""
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-{datetime.datetime.now():%Y%m%d-%H%M%S}.sqlite3"

    def remove() -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    remove()
    return f"sqlite:///{path}", remove


def postgres_database(url: str) -> tuple[str, Callable[[], None]]:
    """Drop and create the PostgreSQL database named in `url` (autocommit, via psycopg); returns
    the URL and a function that drops it again (WITH (FORCE): also ends leftover connections)."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    if not name or name in PROTECTED_DATABASES:
        raise SystemExit(f"refusing to drop and recreate the database {name!r}; name a throwaway database")
    maintenance = urllib.parse.urlunparse(parts._replace(path="/postgres"))

    def drop() -> None:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    drop()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url, drop


def setup_django(database_url: str) -> None:
    """config.settings on `database_url`. DEBUG=1 only gets past the SECRET_KEY guard; query
    logging, which DEBUG switches on, is switched off again (settings.DEBUG = False)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "1"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    # seed_demo's console SMS backend logs every message at WARNING: noise in a benchmark's output.
    logging.getLogger("gongfa.sms").setLevel(logging.ERROR)


def database_version(connection: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
        else:
            cursor.execute("show server_version")
        return str(cursor.fetchone()[0])


# ---------------------------------------------------------------------------------------------
# Measurements.
# ---------------------------------------------------------------------------------------------
def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction 0.95 → p95)."""
    ordered = sorted(samples)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary_ms(samples: list[float]) -> dict[str, float]:
    """p50 / p95 / min / max of samples in milliseconds, rounded for printing and JSON."""
    if not samples:
        return {"n": 0, "p50_ms": 0.0, "p95_ms": 0.0, "min_ms": 0.0, "max_ms": 0.0}
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "min_ms": round(min(samples), 2),
        "max_ms": round(max(samples), 2),
    }


def timed(label: str, action: Callable[[], Any]) -> float:
    print(f"==> {label}", flush=True)
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    print(f"    {label}: {elapsed:.1f} s", flush=True)
    return elapsed


def start_results(**settings: Any) -> dict[str, Any]:
    """Print the machine and start the results with it, the command line and the run's settings."""
    info = machine()
    print_machine(info)
    return {"machine": info, "command": " ".join([Path(sys.executable).name, *sys.argv]), **settings}


def migrate_and_seed(results: dict[str, Any], *, needs: str = "") -> None:
    """On the throwaway PostgreSQL database: migrate and `seed_demo` (default size), timed."""
    import io

    from django.core.management import call_command
    from django.db import connection

    results["database_version"] = database_version(connection)
    if connection.vendor != "postgresql":
        raise SystemExit(f"this benchmark needs PostgreSQL{f' ({needs})' if needs else ''}")
    results["migrate_s"] = timed("migrate", lambda: call_command("migrate", verbosity=0))
    results["seed_s"] = timed(
        "seed_demo (default size)", lambda: call_command("seed_demo", no_accounts=True, stdout=io.StringIO())
    )


@contextmanager
def stopwatch() -> Iterator[Callable[[], float]]:
    """with stopwatch() as elapsed: …; elapsed() gives the seconds so far (frozen at exit)."""
    started = time.perf_counter()
    ended: list[float] = []
    yield lambda: (ended[0] if ended else time.perf_counter()) - started
    ended.append(time.perf_counter())


# ---------------------------------------------------------------------------------------------
# The machine.
# ---------------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    """What a number must be written next to: CPUs, memory, CPU model, kernel, Python, date."""
    memory_gib = 0.0
    cpu_model = platform.processor() or ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import django

    def git(*command: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *command], capture_output=True, text=True, check=False)  # noqa: S603, S607
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD")
    dirty = git("status", "--porcelain", "--", "gongfa", "config")
    return {
        "commit": commit + (" (gongfa/ or config/ modified)" if dirty else ""),
        "date": subprocess.run(["date"], capture_output=True, text=True, check=False).stdout.strip(),  # noqa: S607
        "nproc": os.cpu_count(),
        "memory_gib": memory_gib,
        "cpu": cpu_model,
        "kernel": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def print_machine(info: dict[str, Any]) -> None:
    print(
        f"==> machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory_gib']} GiB RAM, {info['kernel']}, "
        f"Python {info['python']}, Django {info['django']}; commit {info['commit']}; {info['date']}",
        flush=True,
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------------------------------------
# Realistic request texts (plain language, as people ask at a village room or on the hotline).
# Fictional; the demo's own questions (gongfa.demo.data.QUESTIONS) are added to these.
# ---------------------------------------------------------------------------------------------
EXTRA_QUESTIONS: tuple[str, ...] = (
    "在饭店打工两年，老板突然说不用来了，也不给补偿，这样合法吗？",
    "公司让我签自愿放弃社保的协议，不签就不让上班，我该怎么办？",
    "加班从来没给过加班费，每天干十二个小时，能不能要回来？",
    "试用期被辞退了，公司说试用期不用给任何补偿，对吗？",
    "丈夫长期打我，我想离婚，孩子才五岁，抚养权能判给我吗？",
    "前夫一直不给孩子抚养费，已经拖了一年多，去哪里申请强制执行？",
    "结婚时给了十八万彩礼，现在没住在一起几个月就要离婚，彩礼能要回来吗？",
    "父母的房子写的是我哥哥的名字，父亲去世后哥哥要卖房，我们姐妹有份吗？",
    "老人生前写了自书遗嘱，但没有见证人，这个遗嘱有效吗？",
    "邻居在两家中间的过道上砌了墙，我家的车进不去了，村里调解不了怎么办？",
    "村里征地补偿款分配不公平，出嫁的女儿没有分到，可以去哪里反映？",
    "宅基地上的老房子翻建，村里说要重新审批，需要准备什么材料？",
    "土地流转合同还有三年到期，承包方不交租金了，能不能收回土地？",
    "借给亲戚十万块钱只有微信聊天记录，没有借条，起诉能赢吗？",
    "帮朋友做了贷款担保，现在朋友跑了，银行找我还钱，我要全部承担吗？",
    "网上买的手机是翻新机，商家不给退，平台也不管，怎么维权？",
    "装修公司收了定金以后一直不开工，人也联系不上，能报警吗？",
    "在小区里被邻居家的狗咬伤了，打疫苗花了几千块，对方不肯赔。",
    "电动车被货车撞了，交警认定对方全责，保险公司只肯赔一半。",
    "母亲在医院做手术后出现并发症，医院说是正常风险，我们想做医疗鉴定。",
    "孩子在学校被同学打伤，学校说不关他们的事，医药费找谁要？",
    "我七十五岁了，想立个遗嘱把房子留给小女儿，需要去公证处办什么手续？",
    "在外地工地上干活，包工头拖欠了三个月工钱，我们十几个老乡一起要，能申请法律援助吗？",
    "退役军人安置待遇没有落实，应该找哪个部门反映？",
    "残疾人补贴被村干部扣了一部分，说是管理费，这合理吗？",
    "物业费涨了一倍，业主没开会同意，我们可以不交吗？",
    "租的房子没到期房东就要收回，押金也不退，我该怎么办？",
    "开网店被人冒用了商标，对方说是他们先注册的，怎么处理？",
    "拆迁补偿标准太低，评估报告我们不认可，能不能申请复核？",
    "被人骗了两万块买所谓的理财产品，已经报案了，钱还能追回来吗？",
)


def request_texts() -> list[str]:
    """Request texts for generated orders: the demo's questions and the ones above."""
    from gongfa.demo.data import QUESTIONS

    return [question for _topic, question, _answer in QUESTIONS] + list(EXTRA_QUESTIONS)


def mobile_phone(rng: Any) -> str:
    """A well-formed mobile number (never the demo citizens' 1380000xxxx)."""
    return rng.choice(("139", "150", "186", "177", "188")) + f"{rng.randrange(10**8):08d}"


# ---------------------------------------------------------------------------------------------
# gunicorn on loopback, and a small HTTP client with cookies.
# ---------------------------------------------------------------------------------------------
def server_environment(database_url: str, var_dir: Path) -> dict[str, str]:
    """Production-like settings for a server on 127.0.0.1: DEBUG off, a random SECRET_KEY."""
    import secrets

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        GONGFA_VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
    )
    # The data was seeded under DEBUG=1 with the development keys: the server reads it with them.
    from config.dev_keys import DEV_BLIND_INDEX_KEY, DEV_FIELD_ENCRYPTION_KEY

    env.setdefault("FIELD_ENCRYPTION_KEYS", base64.b64encode(DEV_FIELD_ENCRYPTION_KEY).decode())
    env.setdefault("BLIND_INDEX_KEY", base64.b64encode(DEV_BLIND_INDEX_KEY).decode())
    return env


def collectstatic(env: dict[str, str]) -> float:
    """manage.py collectstatic into env's GONGFA_VAR_DIR (DEBUG off needs the whitenoise manifest)."""
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - started


@contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    workers: int = 2,
    log_path: Path,
    arguments: list[str] | None = None,
    ready_path: str = "/healthz",
) -> Iterator[tuple[str, int]]:
    """Run gunicorn on a free loopback port: `config.wsgi -w WORKERS` by default, or ARGUMENTS (the
    port then goes in GUNICORN_BIND, which config/gunicorn.conf.py reads). Yields (host, port) once
    READY_PATH answers 200; terminates it (SIGTERM, then SIGKILL) on the way out."""
    import http.client

    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    if arguments is None:
        arguments = ["config.wsgi", "-w", str(workers), "--log-level", "warning"]
    command = [str(Path(sys.executable).parent / "gunicorn"), *arguments]
    if "-c" not in arguments:
        command += ["-b", f"127.0.0.1:{port}"]
    print(f"==> {' '.join(['gunicorn', *command[1:]])}", flush=True)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            deadline = time.monotonic() + 60
            last = b""
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    conn.request("GET", ready_path)
                    answer = conn.getresponse()
                    last = answer.read()
                    conn.close()
                    if answer.status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{ready_path} not 200 in 60 s: {last[:500]!r}\n{log_path.read_text()[-3000:]}")
                time.sleep(0.2)
            yield "127.0.0.1", port
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def celery_worker(env: dict[str, str], *, log_path: Path, concurrency: int = 1) -> Iterator[None]:
    """Run `celery -A config worker -c CONCURRENCY` with env (its CELERY_BROKER_URL must be set);
    yields once the worker answers a ping; terminates it (SIGTERM, then SIGKILL) on the way out."""
    if not env.get("CELERY_BROKER_URL"):
        raise ValueError("celery_worker needs CELERY_BROKER_URL in env")
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "config",
        "worker",
        "-c",
        str(concurrency),
        "--loglevel",
        "warning",
        "--without-gossip",
        "--without-mingle",
    ]
    print(f"==> {' '.join(['celery', *command[1:]])}", flush=True)
    ping = [str(Path(sys.executable).parent / "celery"), "-A", "config", "inspect", "ping", "--timeout", "2"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"celery worker exited ({process.returncode}):\n{log_path.read_text()[-3000:]}")
                answered = subprocess.run(ping, cwd=ROOT, env=env, capture_output=True, check=False)  # noqa: S603
                if answered.returncode == 0:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"celery worker did not answer in 60 s:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.5)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def purge_broker(url: str) -> None:
    """Empty a Redis database used as the benchmark's broker (so no earlier run's tasks remain)."""
    import redis

    redis.Redis.from_url(url).flushdb()


class HttpClient:
    """http.client with a cookie jar; reconnects when the server closed the connection (gunicorn's
    sync workers close after each response)."""

    def __init__(self, host: str, port: int, timeout: float = 60) -> None:
        import http.client

        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        import http.client

        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def close(self) -> None:
        self.connection.close()


def staff_login(client: HttpClient, username: str, password: str) -> None:
    """Sign in through the staff login form (CSRF cookie + token, then the session cookie)."""
    import re

    status, _, page = client.request("GET", "/accounts/staff/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or match is None:
        raise RuntimeError(f"staff login page: HTTP {status}")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}
    )
    status, headers, _ = client.request(
        "POST",
        "/accounts/staff/login/",
        body=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{client.host}/"},
    )
    if status != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"staff login for {username} failed: HTTP {status} {headers.get('location', '')}")
