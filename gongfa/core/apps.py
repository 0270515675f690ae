"""Shared building blocks: validators, masking, state machines, base templates."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongfa.core"
    label = "core"
    verbose_name = "公共组件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongfa.core.health import database_check, register_check

        register_check("database", database_check)

        from gongfa.core.dbrouting import replica_check

        register_check("replicas", replica_check)

        from gongfa.core import refcache

        refcache.connect_signals()
