"""django-ninja names an OpenAPI component after its schema class: two routers with a class of the
same name would silently describe one with the other's fields. Every schema name is unique."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

from ninja import Schema

import gongfa.api


def test_no_two_api_schemas_share_a_name() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for module_info in pkgutil.iter_modules(gongfa.api.__path__):
        if module_info.name in {"tests", "migrations", "management"}:
            continue
        module = importlib.import_module(f"gongfa.api.{module_info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                seen[name].add(module.__name__)
    assert {name: modules for name, modules in seen.items() if len(modules) > 1} == {}
