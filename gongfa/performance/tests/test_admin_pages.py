"""Every registered performance admin page opens for an administrator; the read-only ones refuse
changes; nobody else sees them."""

from __future__ import annotations

import pytest
from django.contrib import admin

from gongfa.accounts.choices import Role
from gongfa.performance.models import DailyFact, FactLedger, MonthlyReport, PendingRefresh, RollupFact, Target
from gongfa.performance.tests.admin_setup import logged_in, one_of_everything
from gongfa.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

PERFORMANCE_MODELS = sorted(
    str(model._meta.model_name) for model in admin.site._registry if model._meta.app_label == "performance"
)
READ_ONLY = (
    "monthlyreport",
    "bulletin",
    "evaluationrun",
    "evaluationresult",
    "siteinspection",
    "target",
    "milestone",
    "pendingrefresh",
)


def test_the_registered_models():
    assert (
        sorted(
            [
                "indicator",
                "reporttemplate",
                "monthlyreport",
                "bulletin",
                "evaluationscheme",
                "evaluationrun",
                "evaluationresult",
                "scoringsheet",
                "scoringcategory",
                "pointprofile",
                "siteinspection",
                "target",
                "milestone",
                "pendingrefresh",
            ]
        )
        == PERFORMANCE_MODELS
    )
    for internal in (DailyFact, RollupFact, FactLedger):
        assert internal not in admin.site._registry


@pytest.mark.parametrize("model_name", PERFORMANCE_MODELS)
def test_every_changelist_opens(client, network, model_name):
    user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    one_of_everything(network, user)
    logged_in(client, user)
    response = client.get(f"/admin/performance/{model_name}/")
    assert response.status_code == 200, response.content.decode()[:500]


def test_the_app_index_and_the_change_pages_open(client, network):
    client = logged_in(client)
    made = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))
    assert client.get("/admin/performance/").status_code == 200
    for name, obj in made.items():
        model_name = type(obj)._meta.model_name
        response = client.get(f"/admin/performance/{model_name}/{obj.pk}/change/")
        assert response.status_code == 200, (name, response.status_code)
    page = client.get(f"/admin/performance/monthlyreport/{made['report'].pk}/change/").content.decode()
    assert "95.5" in page  # the cells are shown beside the report
    page = client.get(f"/admin/performance/siteinspection/{made['inspection'].pk}/change/").content.decode()
    assert "面积不足" in page


@pytest.mark.parametrize("model_name", READ_ONLY)
def test_read_only_pages_cannot_add(client, model_name):
    logged_in(client)
    assert client.get(f"/admin/performance/{model_name}/add/").status_code == 403


def test_a_read_only_report_cannot_be_changed_or_deleted(client, network):
    client = logged_in(client)
    made = one_of_everything(network, UserFactory(role=Role.SUPERVISOR))
    report = made["report"]
    url = f"/admin/performance/monthlyreport/{report.pk}/change/"
    response = client.post(url, {"status": "accepted"})
    assert response.status_code == 403
    assert client.post(f"/admin/performance/monthlyreport/{report.pk}/delete/", {"post": "yes"}).status_code == 403
    report.refresh_from_db()
    assert report.status == "draft"
    target = made["target"]
    assert client.post(f"/admin/performance/target/{target.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Target.objects.filter(pk=target.pk).exists()
    assert MonthlyReport.objects.count() == 1


def test_the_refresh_queue_is_a_list_only(client):
    logged_in(client)
    pending = PendingRefresh.objects.create(source="workorder", subject_id=42)
    page = client.get("/admin/performance/pendingrefresh/").content.decode()
    assert "workorder" in page and "42" in page
    assert f"/admin/performance/pendingrefresh/{pending.pk}/change/" not in page
    assert client.get(f"/admin/performance/pendingrefresh/{pending.pk}/change/").status_code in (302, 403)


def test_staff_who_are_not_administrators_see_none_of_it(client, network):
    supervisor = UserFactory(role=Role.SUPERVISOR, is_staff=True)
    one_of_everything(network, supervisor)
    client.force_login(supervisor)
    assert client.get("/admin/performance/indicator/").status_code == 403
    assert client.get("/admin/performance/monthlyreport/").status_code == 403


def test_an_administrator_without_superuser_rights_edits_the_definitions(client):
    user = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=False)
    client.force_login(user)
    assert client.get("/admin/performance/indicator/").status_code == 200
    assert client.get("/admin/performance/indicator/add/").status_code == 200
    assert client.get("/admin/performance/monthlyreport/add/").status_code == 403
