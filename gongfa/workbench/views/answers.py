"""The answer phrase library pages (答复模板): the list, add/change/retire for supervisors and
administrators, and the files that go with answers (a template's, an order's answer file)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.core.errors import DomainError
from gongfa.core.forms import Form, add_domain_error, page_status
from gongfa.network.models import Region, StaffPosting
from gongfa.workbench.views.common import order_for, staff, staff_required, supervisor_required
from gongfa.workorders.models import AnswerTemplate, Topic
from gongfa.workorders.services import answers as service

PAGE_SIZE = 50


def _region_choices(user: Any) -> list[tuple[str, str]]:
    """Where a template may apply: the regions the user supervises (administrators: every region
    down to the counties, and 全部区划)."""
    if user.is_administrator:
        regions = Region.objects.filter(level__lte=3).order_by("code")
        return [("", gettext("全部区划通用")), *((str(r.pk), r.full_name) for r in regions)]
    postings = (
        StaffPosting.objects.filter(user=user, role="supervisor", is_active=True)
        .select_related("point__region", "agency__region")
        .order_by("pk")
    )
    seen: dict[int, Region] = {}
    for posting in postings:
        seen.setdefault(posting.region.pk, posting.region)
    return [(str(pk), region.full_name) for pk, region in seen.items()]


class TemplateForm(Form):
    title = forms.CharField(label=_("标题"), max_length=service.TITLE_MAX, required=False)
    topic = forms.ModelChoiceField(
        label=_("类别"),
        queryset=Topic.objects.filter(is_active=True),
        required=False,
        empty_label=_("通用（不限类别）"),
    )
    region = forms.ChoiceField(label=_("适用区划"), required=False)
    body = forms.CharField(
        label=_("答复内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("写清法律依据（法律名称和条款）和群众下一步怎么办；可直接使用或修改后使用。"),
    )
    attachment = forms.FileField(label=_("附件（PDF、JPG 或 PNG）"), required=False)
    remove_attachment = forms.BooleanField(label=_("删除现有附件"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices(user)  # type: ignore[attr-defined]

    def to_input(self) -> service.TemplateInput:
        data = self.cleaned_data
        region_pk = data.get("region") or ""
        return service.TemplateInput(
            title=data.get("title") or "",
            body=data.get("body") or "",
            topic=data.get("topic"),
            region=Region.objects.filter(pk=int(region_pk)).first() if region_pk.isdigit() else None,
            attachment=data.get("attachment"),
            remove_attachment=bool(data.get("remove_attachment")),
        )


@supervisor_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    queryset = AnswerTemplate.objects.select_related("topic", "region").order_by("topic__sort_order", "title", "pk")
    topic = request.GET.get("topic", "")
    if topic.isdigit():
        queryset = queryset.filter(topic_id=int(topic))
    elif topic == "general":
        queryset = queryset.filter(topic__isnull=True)
    if request.GET.get("retired") != "1":
        queryset = queryset.filter(is_active=True)
    query = request.GET.get("q", "").strip()[:50]
    if query:
        queryset = queryset.filter(Q(title__icontains=query) | Q(body__icontains=query))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = set(AnswerTemplate.objects.filter(service.maintained_by(user)).values_list("pk", flat=True))
    return render(
        request,
        "workbench/answers/list.html",
        {
            "page": page,
            "templates": list(page.object_list),
            "mine": mine,
            "topics": Topic.objects.filter(is_active=True).order_by("sort_order", "pk"),
            "topic": topic,
            "query": query,
            "retired": request.GET.get("retired") == "1",
        },
    )


def _maintained(request: HttpRequest, pk: int) -> AnswerTemplate:
    found = AnswerTemplate.objects.filter(service.maintained_by(staff(request))).filter(pk=pk).first()
    if found is None:
        raise Http404(gettext("找不到该答复模板，或您无权修改它"))
    return found


@supervisor_required
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = TemplateForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            template = service.create_template(actor=user, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已新增答复模板“{title}”。").format(title=template.title))
            return redirect("workbench:answer_templates")
    return render(request, "workbench/answers/form.html", {"form": form, "template": None}, status=page_status(form))


@supervisor_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    template = _maintained(request, pk)
    initial = {
        "title": template.title,
        "body": template.body,
        "topic": template.topic_id,
        "region": str(template.region_id or ""),
    }
    form = TemplateForm(request.POST or None, request.FILES or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.update_template(actor=user, template=template, data=form.to_input())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已保存答复模板“{title}”。").format(title=template.title))
            return redirect("workbench:answer_templates")
    context = {"form": form, "template": template}
    return render(request, "workbench/answers/form.html", context, status=page_status(form))


@supervisor_required
@require_POST
def template_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    template = _maintained(request, pk)
    try:
        changed = service.set_template_active(actor=staff(request), template=template, active=not template.is_active)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done = gettext("重新启用") if changed.is_active else gettext("停用")
        messages.success(request, gettext("已{done}答复模板“{title}”。").format(done=done, title=changed.title))
    return redirect("workbench:answer_templates")


def _file_response(field: Any, name: str) -> FileResponse:
    extension = field.name.rsplit(".", 1)[-1].lower()
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(extension)
    return FileResponse(
        field.open("rb"), as_attachment=extension == "pdf", filename=f"{name}.{extension}", content_type=content_type
    )


@staff_required
@require_GET
def template_file(request: HttpRequest, pk: int) -> FileResponse:
    """A template's file: every staff member may use the library."""
    template = AnswerTemplate.objects.filter(pk=pk).first()
    if template is None or not template.attachment:
        raise Http404(gettext("该答复模板没有附件"))
    return _file_response(template.attachment, gettext("答复模板附件-{pk}").format(pk=template.pk))


@staff_required
@require_GET
def order_answer_file(request: HttpRequest, tracking_number: str) -> FileResponse:
    """The file sent with an order's answer, to staff who may see the order."""
    order = order_for(request, tracking_number)
    if not order.answer_attachment:
        raise Http404(gettext("该答复没有附件"))
    return _file_response(
        order.answer_attachment, gettext("答复附件-{tracking_number}").format(tracking_number=order.tracking_number)
    )
