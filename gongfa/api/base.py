"""The base of every API schema (接口数据结构的基类).

Labels of choices, transitions and measures are lazy translations (core.i18n); pydantic accepts
only real strings, so values are rendered in the request's language before validation."""

from __future__ import annotations

from typing import Any

import ninja
from django.utils.functional import Promise
from pydantic import field_validator


def _rendered(value: Any) -> Any:
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, list | tuple) and any(isinstance(item, Promise) for item in value):
        return type(value)(_rendered(item) for item in value)
    if isinstance(value, dict) and any(isinstance(item, Promise) for item in value.values()):
        return {key: _rendered(item) for key, item in value.items()}
    return value


class Schema(ninja.Schema):
    @field_validator("*", mode="before")
    @classmethod
    def _render_lazy_text(cls, value: Any) -> Any:
        return _rendered(value)
