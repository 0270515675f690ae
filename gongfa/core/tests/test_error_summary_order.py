"""The error summary lists the problems in the order of the fields on the page, the form's own
non-field problems first, whatever order they were found in (the service's after the form's)."""

from __future__ import annotations

import re
import uuid

import pytest
from django import forms
from django.template.loader import render_to_string

from gongfa.core.errors import Problem, ValidationFailed
from gongfa.core.forms import Form, add_domain_error
from gongfa.core.tests.test_forms_report_all_errors import _summary
from gongfa.workbench.tests.conftest import agent  # noqa: F401


class Visit(Form):
    place = forms.CharField(label="地点")
    when = forms.DateField(label="日期")
    notes = forms.CharField(label="记录")


def test_the_summary_follows_the_fields_not_the_order_found() -> None:
    form = Visit({"place": "", "when": "昨天", "notes": "ok"})
    assert not form.is_valid()  # the form finds place and when
    # The service finds notes and a problem of the whole request, after the form's.
    add_domain_error(form, ValidationFailed([Problem("notes", "记录太简单。"), Problem(None, "该案件已结案。")]))
    summary = render_to_string("core/components/error_summary.html", {"form": form})
    found = re.findall(r"<li>(?:<a [^>]*>)?([^<]+)", summary)
    assert found == ["该案件已结案。", "请填写地点。", "日期的格式不正确，应为 年-月-日。", "记录太简单。"]


@pytest.mark.django_db
def test_the_hotline_desk_summary_reads_in_the_order_of_the_page(client, agent) -> None:  # noqa: F811
    client.force_login(agent)
    data = {"token": str(uuid.uuid4()), "contact_phone": "12345", "text": "", "region_code": "12ab"}
    page = client.post("/workbench/hotline/", data).content.decode()
    links = re.findall(r'<a href="#(id_[a-z_]+)">', _summary(page))
    assert len(links) >= 3
    form_html = page[page.index('class="intake-form"') :]
    positions = [form_html.index(f'id="{anchor}"') for anchor in links]
    assert positions == sorted(positions), links
