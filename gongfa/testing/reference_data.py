"""Reference data for tests after a transactional test emptied the database.

The catalogue, topics, dispatch rules, subscriptions, indicators, report templates and the rest come
from data migrations. A transactional test (live server, row locks across connections) truncates
every table when it ends, so the next test on that worker would run without them, and pass or fail
by the order the tests happened to run in. `restore()` replays the data migrations' forward
functions, in migration order, when the data is gone: every migration's RunPython except the ones
that transform existing rows (listed below), so a new seeding migration is replayed without being
named here.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection

# Migrations whose RunPython changes rows that exist (encryption, denormalised columns, unit
# changes): nothing to do on empty tables, and not seed data.
TRANSFORMATIONS = {
    ("accounts", "0004_encrypt_personal_data"),
    ("legalaid", "0007_encrypt_identity_documents_on_disk"),
    ("legalaid", "0008_special_groups_representative_provider_documents"),
    ("workorders", "0005_denormalised_region_codes"),
    ("workorders", "0016_handling_time_in_minutes"),
}


class _SchemaEditor:
    """What the seeding functions use of a schema editor (one creates an index IF NOT EXISTS)."""

    connection = connection

    def execute(self, sql: str, params: Any = ()) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params or None)


@functools.cache
def seeding_functions() -> tuple[Any, ...]:
    """The forward functions to replay, in the order migrate ran them."""
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations.special import RunPython

    loader = MigrationLoader(None, ignore_no_migrations=True)
    graph = loader.graph
    order: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for leaf in sorted(graph.leaf_nodes()):
        for node in graph.forwards_plan(leaf):
            if node not in seen:
                seen.add(node)
                order.append(node)
    functions = []
    for key in order:
        if key in TRANSFORMATIONS or key[0] not in _project_apps():
            continue
        for operation in loader.graph.nodes[key].operations:
            if isinstance(operation, RunPython) and operation.code is not RunPython.noop:
                functions.append(operation.code)
    return tuple(functions)


@functools.cache
def _project_apps() -> frozenset[str]:
    from django.apps import apps

    return frozenset(config.label for config in apps.get_app_configs() if config.name.startswith("gongfa."))


def is_missing() -> bool:
    from gongfa.catalog.models import ServiceType
    from gongfa.performance.models import Indicator

    return not ServiceType.objects.exists() or not Indicator.objects.exists()


def restore() -> None:
    """Put the migrations' reference data back when a transactional test has emptied the tables."""
    if not is_missing():
        return
    from django.apps import apps

    editor = _SchemaEditor()
    for function in seeding_functions():
        function(apps, editor)
