"""config/gunicorn.conf.py, the configuration the README tells operators to use."""

import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[3] / "config" / "gunicorn.conf.py"


def _load(monkeypatch, **env):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_MAX_WORKERS", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_threaded_workers_with_timeouts_and_recycling(monkeypatch):
    conf = _load(monkeypatch)
    assert conf["worker_class"] == "gthread"
    assert 1 <= conf["workers"] <= 8 and conf["threads"] == 4
    assert conf["timeout"] > 0 and conf["graceful_timeout"] > 0 and conf["keepalive"] > 0
    assert conf["max_requests"] > 0 and 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["preload_app"] is True
    assert conf["bind"] == "127.0.0.1:8000"


def test_the_access_log_holds_the_path_only():
    conf = runpy.run_path(str(CONF))
    fmt = conf["access_log_format"]
    assert "%(U)s" in fmt
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({"):  # request line, query, referrer, headers
        assert atom not in fmt


def test_the_environment_sets_the_numbers(monkeypatch):
    conf = _load(monkeypatch, GUNICORN_WORKERS="3", GUNICORN_THREADS="8", GUNICORN_BIND="0.0.0.0:9000")
    assert (conf["workers"], conf["threads"], conf["bind"]) == (3, 8, "0.0.0.0:9000")


def test_a_bad_number_stops_the_start_naming_the_variable(monkeypatch):
    with pytest.raises(SystemExit, match="GUNICORN_THREADS"):
        _load(monkeypatch, GUNICORN_THREADS="many")
