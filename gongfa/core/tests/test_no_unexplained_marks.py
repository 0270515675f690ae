"""Labels carry no unexplained "◐" (#16 item 10(d)). In ../shared/domain/rules.md ◐ means "checked only
against a secondary copy"; a page says that in words. Code comments and "_comment" keys may keep it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from gongfa.network.region_settings import REGISTRY

MARK = "◐"
GONGFA = Path(__file__).resolve().parents[2]


def _strings(data: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if not str(key).startswith("_"):  # "_comment": notes for maintainers
                yield from _strings(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{where}[{index}]")


def test_no_template_shows_the_mark() -> None:
    found = [str(path.relative_to(GONGFA)) for path in GONGFA.glob("*/templates/**/*.html") if MARK in path.read_text()]
    assert not found


def test_no_data_file_shows_the_mark() -> None:
    found = []
    for path in GONGFA.glob("*/data/**/*.json"):
        for where, text in _strings(json.loads(path.read_text()), path.name):
            if MARK in text:
                found.append(where)
    assert not found


def test_no_choice_or_field_label_shows_the_mark() -> None:
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            labels = [label for _, label in getattr(field, "flatchoices", [])]
            for text in (getattr(field, "verbose_name", ""), getattr(field, "help_text", ""), *labels):
                if MARK in str(text):
                    found.append(f"{model._meta.label}.{field.name}")
    assert not found


def test_no_region_setting_label_shows_the_mark() -> None:
    assert not [key for key, spec in REGISTRY.items() if MARK in spec.label]


@pytest.mark.django_db
def test_the_shipped_time_limit_sources_say_it_in_words() -> None:
    from gongfa.catalog.models import ServiceType, SlaRule

    assert SlaRule.objects.exists()
    assert not SlaRule.objects.filter(source__contains=MARK).exists()
    assert not ServiceType.objects.filter(legal_basis__contains=MARK).exists()
    assert SlaRule.objects.filter(source__contains="据转载文本").exists()
