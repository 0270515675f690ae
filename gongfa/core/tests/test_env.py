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


def _settings_of(tmp_path, **variables: str):
    """Load config.settings in a fresh interpreter with these variables; (returncode, output)."""
    import json
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_REPLICA_URLS", "GONGFA_STORAGE"}}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings", "GONGFA_TESTING": "1"})
    environment.update({"GONGFA_VAR_DIR": str(tmp_path), **variables})
    script = (
        "import json, django; from django.conf import settings; "
        "print(json.dumps({'aliases': settings.DATABASE_REPLICA_ALIASES, 'routers': settings.DATABASE_ROUTERS, "
        "'replica': {a: settings.DATABASES[a].get('HOST', '') for a in settings.DATABASE_REPLICA_ALIASES}, "
        "'mirror': {a: settings.DATABASES[a]['TEST'] for a in settings.DATABASE_REPLICA_ALIASES}, "
        "'storage': settings.STORAGES['default'], 'media': str(settings.MEDIA_ROOT)}, default=str))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    return result.returncode, (json.loads(result.stdout) if result.returncode == 0 else result.stderr)


def test_replica_urls_become_aliases_behind_the_router(tmp_path):
    code, found = _settings_of(
        tmp_path,
        DATABASE_URL="postgres://postgres@10.0.0.1:5432/gongfa",
        DATABASE_REPLICA_URLS="postgres://postgres@10.0.0.2:5432/gongfa,postgres://postgres@10.0.0.3:5432/gongfa",
    )
    assert code == 0, found
    assert found["aliases"] == ["replica1", "replica2"]
    assert found["replica"] == {"replica1": "10.0.0.2", "replica2": "10.0.0.3"}
    assert found["mirror"] == {"replica1": {"MIRROR": "default"}, "replica2": {"MIRROR": "default"}}
    assert found["routers"] == ["gongfa.core.dbrouting.ReplicaRouter"]


def test_no_replicas_no_router(tmp_path):
    code, found = _settings_of(tmp_path)
    assert code == 0, found
    assert found["aliases"] == [] and found["routers"] == []


def test_a_replica_on_another_engine_is_refused(tmp_path):
    code, output = _settings_of(
        tmp_path,
        DATABASE_URL="postgres://postgres@10.0.0.1:5432/gongfa",
        DATABASE_REPLICA_URLS="sqlite:////tmp/x.sqlite3",
    )
    assert code != 0 and "every replica must use the primary's database engine" in output


def test_storage_is_a_local_folder_by_default_or_s3(tmp_path):
    code, found = _settings_of(tmp_path, GONGFA_MEDIA_ROOT=str(tmp_path / "shared"))
    assert code == 0, found
    assert found["storage"]["BACKEND"].endswith("FileSystemStorage")
    assert found["media"] == str(tmp_path / "shared")
    code, found = _settings_of(
        tmp_path,
        GONGFA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="gongfa-files",
        AWS_S3_ENDPOINT_URL="http://10.0.0.9:9000",
    )
    assert code == 0, found
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["storage"]["OPTIONS"]
    assert options["bucket_name"] == "gongfa-files" and options["endpoint_url"] == "http://10.0.0.9:9000"
    assert options["querystring_auth"] is True and options["file_overwrite"] is False


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"GONGFA_STORAGE": "s3"}, "needs AWS_STORAGE_BUCKET_NAME"),
        ({"GONGFA_STORAGE": "ftp"}, "use 'local' (the default) or 's3'"),
    ],
)
def test_bad_storage_settings_are_refused(tmp_path, variables, message):
    code, output = _settings_of(tmp_path, **variables)
    assert code != 0 and message in output
