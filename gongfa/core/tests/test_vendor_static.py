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
    listed = sorted(f"{storage.prefix}/{name}" for name, storage in VendorFinder().list([]))
    assert "vendor/echarts/dist/echarts.min.js" in listed
    assert all(name.endswith((".js", ".css", ".png")) for name in listed)
    assert len(listed) < 20
