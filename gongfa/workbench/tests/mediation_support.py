"""Shared helpers of the workbench's mediation page tests (test_mediation_*.py)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from gongfa.mediation.models import MediationCase
from gongfa.workbench.tests.conftest import assert_refused

__all__ = ["act", "assert_refused", "case_url", "errors_of", "post_ok"]


def case_url(case: MediationCase) -> str:
    return reverse("workbench:mediation_case", args=[case.number])


def act(client: Client, case: MediationCase, action: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(reverse("workbench:mediation_action", args=[case.number, action]), data or {})


def post_ok(client: Client, case: MediationCase, action: str, data: dict[str, Any] | None = None) -> str:
    """The action succeeds: a redirect to the case page, which shows the message."""
    response = act(client, case, action, data)
    assert response.status_code == 302, errors_of(response) or response.content.decode()[:3000]
    assert response["Location"] == case_url(case)
    return client.get(response["Location"]).content.decode()


def errors_of(response: Any) -> list[str]:
    """The messages of the page's error summary."""
    import re

    page = response.content.decode()
    if 'class="error-summary"' not in page:
        return []
    summary = page.split('class="error-summary"')[1].split("</ul>")[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]
