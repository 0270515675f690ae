import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("true", True), ("Off", False), ("", False)])
def test_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env.env_bool("X_FLAG") is expected


@pytest.mark.parametrize(
    ("reader", "raw", "message"),
    [
        (lambda: env.env_bool("X"), "maybe", "is not a boolean"),
        (lambda: env.env_int("X", 1), "ten", "is not an integer"),
        (lambda: env.env_int("X", 1, minimum=5), "3", "below the minimum"),
        (lambda: env.env_choice("X", ["a", "b"], "a"), "c", "must be one of"),
        (lambda: env.env_timezone("X", "UTC"), "Mars/Olympus", "not a known time zone"),
        (lambda: env.env_database("X", "sqlite://"), "mysql://u@h/db", "supports SQLite and PostgreSQL only"),
        (lambda: env.env_database("X", "sqlite://"), "nonsense", "not a valid database URL"),
        (lambda: env.env_url("X", schemes=("redis",)), "http://x", "must be a URL starting with"),
        (lambda: env.env_str("X", required=True), "", "is required"),
    ],
)
def test_bad_values_fail_loudly_naming_the_variable(monkeypatch, reader, raw, message):
    monkeypatch.setenv("X", raw)
    with pytest.raises(ImproperlyConfigured, match=message) as excinfo:
        reader()
    assert "X" in str(excinfo.value)


def test_database_urls(monkeypatch):
    monkeypatch.setenv("DB", "postgres://postgres@127.0.0.1:5432/gongfa")
    config = env.env_database("DB", "sqlite://")
    assert config["ENGINE"] == "django.db.backends.postgresql" and config["NAME"] == "gongfa"
    monkeypatch.setenv("DB", "sqlite:////tmp/x.sqlite3")
    assert env.env_database("DB", "sqlite://")["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_lists(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , b.example,, ")
    assert env.env_list("HOSTS") == ["a.example", "b.example"]


def test_settings_refuse_the_dev_secret_in_production(tmp_path):
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k not in {"GONGFA_TESTING", "SECRET_KEY", "DEBUG"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0", "GONGFA_VAR_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
