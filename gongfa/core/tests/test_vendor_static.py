"""Only the front-end files the pages load are static files (gongfa.core.staticfinders)."""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from gongfa.core.staticfinders import VendorFinder

pytestmark = pytest.mark.skipif(not (settings.VENDOR_ROOT / "leaflet").is_dir(), reason="npm packages not installed")


def test_the_pages_files_are_found():
    for path in (
        "vendor/echarts/dist/echarts.min.js",
        "vendor/leaflet/dist/leaflet.js",
        "vendor/leaflet/dist/leaflet.css",
        "vendor/leaflet/dist/images/marker-icon.png",
    ):
        found = finders.find(path)
        assert isinstance(found, str) and found.startswith(str(settings.VENDOR_ROOT)), path


def test_nothing_else_of_node_modules_is_served():
    for path in (
        "vendor/echarts/dist/echarts.js",
        "vendor/echarts/dist/echarts.js.map",
        "vendor/leaflet/package.json",
        "vendor/axe-core/axe.min.js",
        "vendor/echarts/dist/../../axe-core/axe.min.js",
    ):
        assert not finders.find(path), path


def test_collectstatic_lists_only_the_whitelist():
    listed = sorted(f"{getattr(storage, 'prefix', '')}/{name}" for name, storage in VendorFinder().list([]))
    assert "vendor/echarts/dist/echarts.min.js" in listed
    assert all(name.endswith((".js", ".js.map", ".css", ".png")) for name in listed)
    assert len(listed) < 20


def test_a_production_collectstatic_succeeds(tmp_path):
    """DEBUG off: whitenoise's manifest storage checks every reference between the files (a source
    map named by leaflet.js, the images named by leaflet.css), so a missing one fails deployment."""
    import base64
    import os
    import subprocess
    import sys

    key = base64.b64encode(b"k" * 32).decode()
    environment = {k: v for k, v in os.environ.items() if k not in {"GONGFA_TESTING", "DEBUG"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="s" * 50,
        FIELD_ENCRYPTION_KEYS=key,
        BLIND_INDEX_KEY=key,
        ALLOWED_HOSTS="gongfa.example",
        GONGFA_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").is_file()
    assert list((tmp_path / "static" / "vendor" / "leaflet" / "dist").glob("leaflet.*.js"))
