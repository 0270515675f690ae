"""典型案例 on the portal, for anyone (GET only):

- /outreach/cases/: the published cases, newest first, with a search box (every search word in the
  title, facts, handling or significance; gongfa.outreach.selectors.cases.search) and a topic
  filter; phone-first cards, paginated, a constant number of queries;
- /outreach/cases/<number>/: one published case. Any other status is 404 (not found, not "hidden").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from gongfa.core.access import Audience, door
from gongfa.core.forms import Form
from gongfa.outreach.selectors import cases as sel

PAGE_SIZE = 10
MAX_QUERY = 50


class SearchForm(Form):
    q = forms.CharField(
        label=_("搜索案例"), required=False, max_length=MAX_QUERY, help_text=_("如：工资、离婚、交通事故")
    )
    topic = forms.ChoiceField(label=_("领域"), required=False)

    def __init__(self, *args: Any, topics: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topic"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "全部领域"), *topics.items()]


@door(Audience.PUBLIC)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    topics = sel.topic_names()
    form = SearchForm(request.GET or None, topics=topics)
    query, topic = "", ""
    if form.is_bound and form.is_valid():
        query, topic = form.cleaned_data["q"].strip(), form.cleaned_data["topic"]
    page = Paginator(sel.search(query, topic), PAGE_SIZE).get_page(request.GET.get("page"))
    params = urlencode({k: v for k, v in (("q", query), ("topic", topic)) if v})
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request,
        "portal/outreach/cases.html",
        {"form": form, "page": page, "topics": topics, "query": query, "params": params},
        status=status,
    )


@door(Audience.PUBLIC)
@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = sel.public_case(number)
    if case is None:
        raise Http404(gettext("找不到该典型案例"))
    return render(
        request,
        "portal/outreach/cases_detail.html",
        {"case": case, "topic_name": sel.topic_names().get(case.topic, "")},
    )


urlpatterns = [
    path("", case_list, name="outreach_cases"),
    path("<str:number>/", case_detail, name="outreach_case"),
]
