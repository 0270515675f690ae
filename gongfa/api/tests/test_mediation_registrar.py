"""The one action registrar (gongfa.api.actions) behind the mediation and legal-aid routers: each
router's actions are registered through it, the catch-all answers an unknown name after the same
door and key check, the table steps map to the actions in one order, and run_with reports the
API's lookup problems with the service's, writing nothing."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import defaultdict

import pytest
from django.test import Client
from ninja import Router

import gongfa.api
from gongfa.accounts.models import User
from gongfa.api import legalaid, mediation
from gongfa.api.actions import CaseActions, run_with
from gongfa.api.base import Schema
from gongfa.api.models import TokenScope
from gongfa.api.schemas import RowIdPath
from gongfa.core.access import Audience, door_of, entrances
from gongfa.core.errors import DomainError, NotPermitted, Problem, Problems, ValidationFailed
from gongfa.mediation.services.common import acting_via
from gongfa.mediation.testing import MediationWorld
from gongfa.testing.factories import CitizenFactory

from .test_mediation_support import BASE, error_of, post, session, world  # noqa: F401 - fixture


def test_both_case_routers_offer_their_actions_through_the_one_registrar() -> None:
    for module, prefix, scope in (
        (mediation, "mediation_action_", TokenScope.MEDIATION_ACT),
        (legalaid, "legal_aid_action_", TokenScope.LEGALAID_ACT),
    ):
        registry = module.REGISTRY
        assert isinstance(registry, CaseActions)
        assert registry.names == module.ACTIONS
        assert (registry.operation_prefix, registry.scope) == (prefix, scope)


def test_every_registered_action_has_its_door_and_scope() -> None:
    doors = {e.route: door_of(e.view) for e in entrances() if e.api and "/actions/" in e.route}
    for base, registry in (("/v1/mediation/", mediation.REGISTRY), ("/v1/legal-aid/", legalaid.REGISTRY)):
        routes = [route for route in doors if base in route]
        # Each action and the catch-all, nothing else.
        assert len(routes) == len(registry.names) + 1, routes
        for route in routes:
            door = doors[route]
            assert door is not None, route
            assert (door.audience, door.scope) == (registry.audience, registry.scope), route


def test_an_unknown_mediation_action_names_every_action_offered(world: MediationWorld) -> None:  # noqa: F811
    response = post(session(world.chair), f"{BASE}/cases/1/actions/teleport")
    assert response.status_code == 400
    message = error_of(response)["message"]
    assert message == f"未知的操作：teleport（可用：{'、'.join(mediation.ACTIONS)}）。"


def test_the_catch_all_checks_the_case_key_and_the_door_first(world: MediationWorld) -> None:  # noqa: F811
    assert post(session(world.chair), f"{BASE}/cases/0/actions/teleport").status_code == 422
    citizen = post(session(CitizenFactory()), f"{BASE}/cases/1/actions/teleport")
    assert citizen.status_code == 403
    anonymous = Client().post(f"{BASE}/cases/1/actions/teleport", {}, content_type="application/json")
    assert anonymous.status_code == 401


def test_the_table_steps_map_to_actions_once_in_the_order_of_the_labels() -> None:
    registry = CaseActions(
        router=Router(),
        key="pk",
        key_type=RowIdPath,
        operation_prefix="test_action_",
        auth=None,
        answer=Schema,
        audience=Audience.STAFF,
        scope="test:act",
        acting_via=acting_via,
        labels={"first": "一", "second": "二", "third": "三"},
        table_actions={"x": ("third", "first"), "y": ("first",), "z": ()},
    )
    assert registry.for_steps(["y", "x", "unknown", "z"]) == ["first", "third"]
    assert registry.for_steps([]) == []
    assert registry.path("first") == "/cases/{pk}/actions/first"


def _create_user() -> None:
    CitizenFactory(real_name="不应留下")


@pytest.mark.django_db
def test_run_with_rolls_back_a_service_that_succeeded_despite_a_lookup_problem() -> None:
    before = User.objects.count()
    problems = Problems()
    problems.add("mediator", "找不到调解员 9。", code="unknown_mediator")
    with pytest.raises(DomainError) as raised:
        run_with(problems, _create_user)
    assert (raised.value.code, raised.value.field) == ("unknown_mediator", "mediator")
    assert User.objects.count() == before


@pytest.mark.django_db
def test_run_with_reports_the_services_problems_with_the_lookups() -> None:
    def service() -> None:
        _create_user()
        raise ValidationFailed(
            [Problem("mediator", "重复", "duplicate"), Problem("reason", "请填写理由。", "required")]
        )

    before = User.objects.count()
    problems = Problems()
    problems.add("mediator", "找不到调解员 9。", code="unknown_mediator")
    with pytest.raises(ValidationFailed) as raised:
        run_with(problems, service)
    assert [(p.field, p.code) for p in raised.value.problems] == [
        ("mediator", "unknown_mediator"),
        ("reason", "required"),
    ]
    assert User.objects.count() == before

    chosen = Problems()
    chosen.add("provider", "不在名册中。", code="not_a_provider")
    with pytest.raises(ValidationFailed) as raised:
        run_with(chosen, service, keep=lambda problem: problem.code != "required")
    assert [(p.field, p.code) for p in raised.value.problems] == [
        ("provider", "not_a_provider"),
        ("mediator", "duplicate"),
    ]


@pytest.mark.django_db
def test_run_with_lets_the_case_state_and_the_callers_rights_come_first() -> None:
    def refused() -> None:
        raise NotPermitted("无权处理。")

    problems = Problems()
    problems.add("mediator", "找不到调解员 9。", code="unknown_mediator")
    with pytest.raises(NotPermitted):
        run_with(problems, refused)


@pytest.mark.django_db
def test_run_with_without_problems_keeps_what_the_service_wrote() -> None:
    before = User.objects.count()
    run_with(Problems(), _create_user)
    assert User.objects.count() == before + 1


def test_no_two_api_schemas_share_a_name_in_the_packages_either() -> None:
    """test_openapi_schema_names walks gongfa.api's modules; the routers that are packages
    (mediation, legal aid) define their shapes in submodules, walked here."""
    seen: dict[str, set[str]] = defaultdict(set)
    for info in pkgutil.walk_packages(gongfa.api.__path__, "gongfa.api."):
        if any(part in {"tests", "migrations", "management"} for part in info.name.split(".")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                seen[name].add(module.__name__)
    assert {name for name, modules in seen.items() if any(".mediation." in m for m in modules)} >= {
        "MediationCaseOut",
        "MediationAssignIn",
    }
    assert {name: modules for name, modules in seen.items() if len(modules) > 1} == {}
