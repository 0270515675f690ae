"""Reference tables kept per process (gongfa.core.refcache): loaded once, dropped on every kind of
change (save, delete, queryset update, another process's change, age), never holding rows of a
transaction that rolled back."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from gongfa.core import refcache
from gongfa.workorders.classify import active_topics, topic_by_code
from gongfa.workorders.models import Topic

pytestmark = pytest.mark.django_db


def _codes() -> list[str]:
    return [topic.code for topic in active_topics()]


def test_a_table_is_read_once_then_served_from_memory(django_assert_num_queries):
    with django_assert_num_queries(1):
        first = _codes()
    with django_assert_num_queries(0):
        assert _codes() == first
        assert topic_by_code(first[0]) is not None


def test_a_saved_row_is_seen_at_once():
    before = _codes()
    Topic.objects.create(code="zz_new", name="新类别", sort_order=999)
    assert _codes() == [*before, "zz_new"]


def test_a_queryset_update_and_a_delete_are_seen():
    topic = Topic.objects.create(code="zz_gone", name="将停用", sort_order=999)
    assert "zz_gone" in _codes()
    Topic.objects.filter(pk=topic.pk).update(is_active=False)
    assert "zz_gone" not in _codes()
    assert topic_by_code("zz_gone") is None
    assert topic_by_code("zz_gone", active_only=False) is not None
    Topic.objects.filter(pk=topic.pk).delete()
    assert topic_by_code("zz_gone", active_only=False) is None


class _Undo(Exception):
    pass


def test_rows_of_a_rolled_back_transaction_are_never_kept():
    before = _codes()
    seen_inside: list[str] = []

    def create_then_fail() -> None:
        with transaction.atomic():
            Topic.objects.create(code="zz_rolled_back", name="回滚", sort_order=999)
            # Inside the transaction the new row is visible, and must not be cached.
            seen_inside.extend(_codes())
            raise _Undo

    with pytest.raises(_Undo):
        create_then_fail()
    assert "zz_rolled_back" in seen_inside
    assert _codes() == before


@override_settings(REFERENCE_CACHE_CHECK_SECONDS=0)
def test_another_processs_change_is_seen_through_the_shared_generation(django_assert_num_queries):
    _codes()
    with django_assert_num_queries(0):
        _codes()
    # What another process does after its commit (refcache.invalidate there): only the shared
    # generation moves; this process's copies are dropped at its next check.
    cache.set(refcache.GENERATION_KEY, cache.get(refcache.GENERATION_KEY, 0) + 1, timeout=None)
    with django_assert_num_queries(1):
        _codes()


@override_settings(REFERENCE_CACHE_CHECK_SECONDS=60)
def test_between_checks_the_shared_generation_is_not_read(django_assert_num_queries):
    _codes()
    cache.set(refcache.GENERATION_KEY, 12345, timeout=None)
    with django_assert_num_queries(0):
        _codes()


@override_settings(REFERENCE_CACHE_MAX_AGE_SECONDS=0)
def test_nothing_is_kept_beyond_the_maximum_age(django_assert_num_queries):
    _codes()
    with django_assert_num_queries(1):
        _codes()


@override_settings(REFERENCE_CACHE_ENABLED=False)
def test_the_cache_can_be_switched_off(django_assert_num_queries):
    _codes()
    with django_assert_num_queries(1):
        _codes()


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: the shared cache is down
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
)
def test_when_the_shared_cache_is_down_every_read_goes_to_the_database(django_assert_num_queries):
    refcache.reset()
    with django_assert_num_queries(1):
        first = _codes()
    with django_assert_num_queries(1):
        assert _codes() == first
    refcache.invalidate()  # logs and carries on


def test_invalidate_bumps_the_shared_generation():
    refcache.invalidate()
    first = cache.get(refcache.GENERATION_KEY)
    refcache.invalidate()
    assert cache.get(refcache.GENERATION_KEY) == first + 1


def test_every_table_names_the_models_it_reads():
    import gongfa.catalog.selectors
    import gongfa.workorders.services.dispatch  # noqa: F401

    tables = refcache.tables()
    assert tables["workorders.topics"] == {"workorders.Topic"}
    assert tables["catalog.sla_rules"] >= {"catalog.SlaRule"}
    assert tables["workdays.holidays"] == {"workdays.Holiday", "workdays.CalendarYear"}
    assert tables["workorders.dispatch_rules"] == {"workorders.DispatchRule"}
    assert "network.ServicePoint" in tables["workorders.county_centre"]


def test_registering_a_name_twice_with_other_models_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        refcache.reference("workorders.topics", models=("catalog.SlaRule",))(lambda: None)
