"""The admin site's changelists pass axe (#16 item 16): every changelist with list_editable (its
inputs labelled by gongfa.core.admin) and a sample of the others, signed in as a superuser."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from gongfa.accounts.choices import Role
from gongfa.testing.factories import TEST_PASSWORD, UserFactory
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = 12  # changelists without list_editable, spread over the apps


def _changelist(model_admin: admin.ModelAdmin) -> str:
    meta = model_admin.model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")


def changelists() -> list[str]:
    """Every changelist with editable columns, then every n-th of the rest (in app/model order)."""
    admins = sorted(admin.site._registry.values(), key=lambda m: (m.model._meta.app_label, m.model._meta.model_name))
    editable = [m for m in admins if m.list_editable]
    others = [m for m in admins if not m.list_editable]
    step = max(1, len(others) // SAMPLE)
    return [_changelist(m) for m in editable + others[::step][:SAMPLE]]


def test_admin_changelists_have_no_serious_axe_violations(live_server: Any, desktop_page: Any) -> None:
    UserFactory(username="root", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    page = desktop_page
    page.set_default_timeout(60_000)  # a dozen admin pages on a shared, busy machine
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/admin/")

    paths = changelists()
    assert len(paths) >= 12 and any("/workorders/topic/" in p for p in paths)
    assert any("/workorders/dispatchrule/" in p for p in paths)
    found: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    assert not found, found

    # The editable cells of 咨询类别 are labelled with their column and row.
    page.goto(live_server.url + reverse("admin:workorders_topic_changelist"))
    sort_order = page.locator('input[name="form-0-sort_order"]')
    assert sort_order.get_attribute("aria-label").startswith("排序：")
