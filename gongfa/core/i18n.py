"""Helpers for translated text (界面文字的翻译).

Interface text is wrapped for translation where it is written: `gettext_lazy` (imported as `_`)
at module and class level, `gettext` inside functions. `Label` is the type of a piece of
interface text that may still be lazy. Text that is *stored* (a label copied into a record, an
event or a document) must not depend on the language of the page that caused the write:
`stored_text` renders it in the site's own language."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from django.conf import settings
from django.utils import translation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Label
else:
    from django.utils.functional import Promise

    Label = str | Promise

P = ParamSpec("P")
R = TypeVar("R")


def stored_text(text: Label) -> str:
    """`text` in the site's language (LANGUAGE_CODE), whatever language the request is in."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def in_site_language(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` in the site's language: documents (notices, agreements, reports) and what is
    stored read the same whoever caused them and in whatever language their page was."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    return wrapper
