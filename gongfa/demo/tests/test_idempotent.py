"""Running seed_demo twice changes nothing: same row counts and same data in every table."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from gongfa.demo.tests.conftest import START


def snapshot() -> dict[str, tuple[int, str]]:
    """(row count, checksum of every column of every row) for every model of the project."""
    state = {}
    for model in apps.get_models():
        rows = model._default_manager.order_by("pk").values_list()
        digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
        state[model._meta.label] = (rows.count(), digest)
    return state


@pytest.mark.django_db
def test_a_second_run_changes_nothing():
    out = io.StringIO()
    call_command("seed_demo", start_date=START, stdout=out)
    first = snapshot()
    assert first["network.Region"][0] == 165
    assert first["accounts.User"][0] == 100 + 1 + 300  # the county staff, the city supervisor, the citizens
    assert first["workorders.WorkOrder"][0] == 10 + 2  # the questions, and the two demo legal-aid cases' orders
    out = io.StringIO()
    call_command("seed_demo", start_date=START, stdout=out)
    assert snapshot() == first
    assert "无（数据已存在，未作改动）" in out.getvalue()


@pytest.mark.django_db
def test_other_parameters_on_the_same_database_are_refused():
    call_command("seed_demo", start_date=START, work_orders=0, stdout=io.StringIO())
    before = snapshot()
    with pytest.raises(CommandError, match="其他参数"):
        call_command("seed_demo", seed=7, start_date=START, work_orders=0, stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.django_db
def test_a_taken_demo_username_is_reported_not_overwritten():
    from gongfa.accounts.models import User

    User.objects.create_user(username="admin", password="someone-elses-pass")
    with pytest.raises(CommandError, match="用户名 admin 已被另一个账号占用"):
        call_command("seed_demo", start_date=START, stdout=io.StringIO())


def test_bad_sizes_are_refused():
    with pytest.raises(CommandError, match="不能少于 2"):
        call_command("seed_demo", citizens=1, stdout=io.StringIO())
    with pytest.raises(CommandError, match="至少需要 1 个"):
        call_command("seed_demo", villages=0, stdout=io.StringIO())
