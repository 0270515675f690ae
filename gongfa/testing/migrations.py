"""Migration round trips in tests: go back to an earlier state and always come back to the latest.

A round trip that returns only to its own app's migration leaves every later app that depends on it
unapplied (drafting depends on legalaid 0009, so returning legalaid to 0008 dropped drafting's
tables for every later test on that database). ``migrate_to_latest`` returns to the leaf nodes
and checks that nothing is left."""

from __future__ import annotations

from collections.abc import Sequence

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: Sequence[tuple[str, str]]) -> Apps:
    """Migrate the test database to ``targets``; return the historical apps of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(list(targets))
    return executor.loader.project_state(list(targets)).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    left = unapplied_migrations()
    assert not left, f"still unapplied after migrating to the latest state: {left}"


def unapplied_migrations() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return [(m.app_label, m.name) for m, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())]
