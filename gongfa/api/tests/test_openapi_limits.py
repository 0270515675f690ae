"""The OpenAPI schema states the limits the code enforces: every string a client sends (request
bodies, query, path and header parameters) has a maxLength (or is an enum), every integer a
minimum and a maximum, so a client can validate before sending and schemathesis probes the edges."""

from __future__ import annotations

from typing import Any

from gongfa.api.api import api

SCHEMA = api.get_openapi_schema()
COMPONENTS = SCHEMA.get("components", {}).get("schemas", {})


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = COMPONENTS[node["$ref"].rsplit("/", 1)[-1]]
    return node


LIMITS = ("maxLength", "pattern", "minimum", "maximum", "maxItems")


def _problems(where: str, node: dict[str, Any]) -> list[str]:
    node = _resolve(node)
    found: list[str] = []
    # Limits stated on an optional field (anyOf [type, null]) hold for each of its options.
    stated = {key: node[key] for key in LIMITS if key in node}
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            found += _problems(where, {**stated, **_resolve(option)})
    kind = node.get("type")
    if kind == "object":
        for name, prop in node.get("properties", {}).items():
            found += _problems(f"{where}.{name}", prop)
    elif kind == "array":
        if "maxItems" not in node:
            found.append(f"{where}: array without maxItems")
        found += _problems(f"{where}[]", node.get("items", {}))
    elif kind == "string" and "enum" not in node and "const" not in node:
        if "maxLength" not in node:
            found.append(f"{where}: string without maxLength")
    elif kind == "integer" and ("minimum" not in node or "maximum" not in node):
        found.append(f"{where}: integer without minimum and maximum")
    return found


def _all_problems() -> list[str]:
    found: list[str] = []
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                found += _problems(f"{where} {parameter['in']}:{parameter['name']}", parameter["schema"])
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                found += _problems(f"{where} body", media["schema"])
    return found


def test_every_input_states_its_limits():
    assert _all_problems() == []


def test_the_walk_finds_a_missing_limit():
    # The walker itself can fail: an unbounded string is reported.
    assert _problems("x", {"type": "string"}) == ["x: string without maxLength"]
    assert _problems("x", {"type": "integer", "minimum": 1}) == ["x: integer without minimum and maximum"]
