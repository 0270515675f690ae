"""The rows of one county: primary keys per model, found by following anchors from its regions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from gongfa.core.region_archive import graph
from gongfa.core.region_archive.codec import CHUNK
from gongfa.network.models import Region

Selection = dict[str, set[Any]]


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _anchored(label: str, anchors: tuple[str, ...], selection: Selection) -> set[Any]:
    model_class = graph.model(label)
    found: set[Any] = set()
    for anchor in anchors:
        field = model_class._meta.get_field(anchor)
        targets = selection.get(graph.label_of(field.related_model), set())  # type: ignore[arg-type]
        for chunk in _chunks(targets):
            found.update(
                model_class._base_manager.filter(**{f"{field.attname}__in": chunk}).values_list("pk", flat=True)  # type: ignore[union-attr]
            )
    return found


def _subjects(label: str, selection: Selection) -> set[Any]:
    """Rows of a generic-key model whose subject is a selected row."""
    model_class = graph.model(label)
    found: set[Any] = set()
    for gfk in graph.generic_keys(model_class):
        for subject_label, pks in selection.items():
            if subject_label == label or not pks:
                continue
            content_type = ContentType.objects.get_for_model(graph.model(subject_label), for_concrete_model=False)
            id_field = graph.concrete_field(model_class, gfk.fk_field)
            for chunk in _chunks(pks):
                values = [id_field.to_python(str(pk)) for pk in chunk]
                found.update(
                    model_class._base_manager.filter(
                        Q(**{gfk.ct_field: content_type}) & Q(**{f"{gfk.fk_field}__in": values})
                    ).values_list("pk", flat=True)
                )
    return found


def _referenced_users(selection: Selection) -> set[Any]:
    users: set[Any] = set()
    for label, pks in selection.items():
        model_class = graph.model(label)
        user_fks = [
            fk.attname
            for fk in graph.foreign_keys(model_class)
            if graph.label_of(fk.related_model) == graph.USER  # type: ignore[arg-type]
        ]
        if not user_fks or not pks:
            continue
        for chunk in _chunks(pks):
            for values in model_class._base_manager.filter(pk__in=chunk).values_list(*user_fks):
                users.update(v for v in values if v is not None)
    return users


def select(county: Region) -> Selection:
    selection: Selection = {graph.ROOT: set(Region.objects.subtree(county).values_list("pk", flat=True))}
    for label in graph.selection_order():
        if label == graph.ROOT:
            continue
        found = _anchored(label, graph.OWNED[label], selection)
        if label in graph.GENERIC_SUBJECT_MODELS:
            found |= _subjects(label, selection)
        selection[label] = found
    selection[graph.USER] = _referenced_users(selection)
    user_owned: Selection = {}
    for label, anchors in graph.USER_OWNED.items():
        user_owned[label] = _anchored(label, anchors, selection)
    selection.update(user_owned)
    # People named only by user-owned rows (who opened whose personal data) come along too.
    selection[graph.USER] |= _referenced_users(user_owned)
    return selection
