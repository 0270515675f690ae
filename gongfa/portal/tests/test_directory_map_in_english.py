"""The directory map's markers are JSON: the visitor's own position is labelled with a translated
phrase and each marker with a translated kind, so both are rendered before they are encoded (a lazy
label once made the page fail in the browser)."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from gongfa.network.directory import Origin
from gongfa.portal import directory as page
from gongfa.portal.directory_forms import HERE


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "您的位置"), ("en", None)])
def test_the_map_encodes_the_visitors_position_in_the_pages_language(settings, monkeypatch, language, expected):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    monkeypatch.setattr(page, "leaflet_assets", lambda: ("/static/leaflet.js", "/static/leaflet.css"))
    with translation.override(language):
        context = page._map_context([], Origin(30.1, 120.2, HERE))
    assert context is not None
    origin = json.loads(context["origin"])
    assert origin["lat"] == 30.1
    if expected is None:  # English: the translation, whatever its words
        assert origin["label"] and origin["label"].isascii()
    else:
        assert origin["label"] == expected
