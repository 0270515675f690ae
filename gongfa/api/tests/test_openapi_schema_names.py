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
    walked = []
    for module_info in pkgutil.walk_packages(gongfa.api.__path__, prefix="gongfa.api."):
        if {"tests", "migrations", "management"} & set(module_info.name.split(".")):
            continue
        module = importlib.import_module(module_info.name)
        walked.append(module.__name__)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                seen[name].add(module.__name__)
    assert {"gongfa.api.mediation.schemas", "gongfa.api.legalaid.schemas"} <= set(walked)  # the packages too
    assert {name: modules for name, modules in seen.items() if len(modules) > 1} == {}
