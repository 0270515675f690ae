"""The template library as the running platform sees it: the YAML definitions read once per
process, and each one's TemplateVersion row (registered on first use, kept for good)."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from gongfa.core.errors import DomainError
from gongfa.drafting.compute import FUNCTIONS
from gongfa.drafting.definitions import Definition, load_definitions, parse_definition
from gongfa.drafting.library import FOLDER
from gongfa.drafting.models import TemplateVersion


@lru_cache(maxsize=1)
def _library() -> tuple[tuple[Definition, str], ...]:
    definitions = load_definitions(FOLDER, FUNCTIONS)
    return tuple((definition, (FOLDER / definition.source).read_text(encoding="utf-8")) for definition in definitions)


def library() -> list[Definition]:
    """Every shipped definition, in the order a citizen is offered them (official forms first)."""
    return sorted((item for item, _ in _library()), key=lambda d: (not d.official, d.kind, d.title))


def template_choices() -> list[tuple[str, str]]:
    return [(definition.code, definition.title) for definition in library()]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current_template(code: str) -> TemplateVersion:
    """The TemplateVersion of the library's current file for `code`, registered if new."""
    found = next(((d, text) for d, text in _library() if d.code == code), None)
    if found is None:
        raise DomainError(gettext("没有这个文书模板。"), code="unknown_template", field="template")
    definition, text = found
    sha = _sha(text)
    existing = TemplateVersion.objects.filter(code=code, sha256=sha).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            TemplateVersion.objects.filter(code=code, is_current=True).update(is_current=False)
            return TemplateVersion.objects.create(
                code=code,
                version=definition.version,
                title=definition.title,
                kind=definition.kind,
                official=definition.official,
                source=definition.source,
                definition_text=text,
                sha256=sha,
            )
    except IntegrityError:  # another request registered it first
        return TemplateVersion.objects.get(code=code, sha256=sha)


@lru_cache(maxsize=256)
def _parsed(sha: str, text: str, source: str) -> Definition:
    return parse_definition(text, source, FUNCTIONS)


def definition_of(template: TemplateVersion) -> Definition:
    """The definition an interview was started with (its stored YAML, not today's file)."""
    return _parsed(template.sha256, template.definition_text, template.source)
