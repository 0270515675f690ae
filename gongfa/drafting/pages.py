"""The interview's pages, shared by the portal (a citizen for themselves) and the workbench (staff
for a citizen at a window or in a village room): the same steps, checks and review page, drawn in
each surface's frame. The portal's and the workbench's view modules put their door on each and
call these; nothing here changes state except through drafting.services.

Pages: choose a document → one page per step (save and go on, go back, add or remove an item of a
group, save and leave) → the review page (the whole document, the warnings, what is still
missing, each with a link to its step) → 生成 → the document's page (versions, .docx and PDF,
修改答案, 申请律师审核).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, NotPermitted
from gongfa.core.forms import page_status
from gongfa.drafting.choices import InterviewStatus
from gongfa.drafting.definitions import Definition, Step
from gongfa.drafting.forms import StepForm, apply_item_action, posted_counts
from gongfa.drafting.models import DraftDocument, Interview
from gongfa.drafting.selectors import can_edit
from gongfa.drafting.services import (
    complete_interview,
    definition_of,
    library,
    reopen_interview,
    request_review,
    save_answers,
)
from gongfa.drafting.services.interviews import prepare_document, read_document, step_after, visible_steps


@dataclass(frozen=True)
class Surface:
    """Where the pages are drawn: the URL namespace and the frame."""

    namespace: str  # "portal" or "workbench"
    base_template: str

    def url(self, name: str, *args: Any) -> str:
        return reverse(f"{self.namespace}:drafting_{name}", args=args)


def acting_user(request: HttpRequest) -> User:
    """The signed-in person (every drafting page's door admits only signed-in users)."""
    user = request.user
    assert isinstance(user, User)
    return user


def interview_for(request: HttpRequest, reference: str) -> Interview:
    """The interview if this person may see it; 404 otherwise (no hint that it exists)."""
    try:
        found = (
            Interview.objects.visible_to(request.user)
            .select_related("template", "review_order", "work_order", "point")
            .get(reference=reference)
        )
    except (Interview.DoesNotExist, ValueError, DomainError):
        raise Http404(gettext("找不到这份文书")) from None
    return found


def _step_links(surface: Surface, interview: Interview, definition: Definition, current: str) -> list[dict[str, Any]]:
    shown = visible_steps(definition, interview.answers or {})
    keys = [step.key for step in shown]
    reached = keys.index(interview.current_step) if interview.current_step in keys else len(keys)
    return [
        {
            "key": step.key,
            "title": step.title,
            "number": number,
            "url": surface.url("step", interview.reference, step.key),
            "current": step.key == current,
            "done": number - 1 < reached or interview.completed_at is not None,
        }
        for number, step in enumerate(shown, start=1)
    ]


def _step_of(definition: Definition, key: str) -> Step:
    found = next((item for item in definition.steps if item.key == key), None)
    if found is None:
        raise Http404(gettext("没有这一步"))
    return found


def step_page(request: HttpRequest, surface: Surface, reference: str, key: str) -> HttpResponse:
    """One step: GET draws it with the answers so far; POST saves it (then the next step, or the
    review page after the last), or adds/removes a group's item without saving."""
    interview = interview_for(request, reference)
    definition = definition_of(interview.template)
    step = _step_of(definition, key)
    answers = interview.answers or {}
    editable = can_edit(request.user, interview) and interview.status in (
        InterviewStatus.IN_PROGRESS,
        InterviewStatus.IN_REVIEW,
    )
    if not editable:
        return redirect(surface.url("detail", interview.reference))
    form = StepForm(definition, step, answers)
    if request.method == "POST":
        counts = posted_counts(definition, step, request.POST)
        redrawn = apply_item_action(step, request.POST, counts)
        if redrawn is not None:
            data, counts = redrawn
            form = StepForm(definition, step, answers, data=data, counts=counts)
        else:
            form = StepForm(definition, step, answers, data=request.POST, counts=counts)
            form.is_valid()  # the inputs' own checks (control characters); the service checks the rest
            try:
                save_answers(
                    interview=interview,
                    actor=acting_user(request),
                    step=key,
                    raw=form.raw_answers(),
                    advance=request.POST.get("action") != "leave",
                )
            except NotPermitted as exc:
                raise Http404(str(exc)) from None
            except DomainError as exc:
                form.show_refusal(exc)
            else:
                if request.POST.get("action") == "leave":
                    messages.success(request, gettext("已保存。下次打开“我的文书”可以接着填。"))
                    return redirect(surface.url("detail", interview.reference))
                following = _following(surface, definition, interview, key)
                return redirect(following or surface.url("review", interview.reference))
    shown = visible_steps(definition, interview.answers or {})
    keys = [item.key for item in shown]
    previous = keys[keys.index(key) - 1] if key in keys and keys.index(key) > 0 else ""
    return render(
        request,
        "drafting/step.html",
        {
            "base_template": surface.base_template,
            "surface": surface,
            "interview": interview,
            "definition": definition,
            "step": step,
            "form": form,
            "blocks": form.blocks(),
            "steps": _step_links(surface, interview, definition, key),
            "previous_url": surface.url("step", interview.reference, previous) if previous else "",
            "number": keys.index(key) + 1 if key in keys else 0,
            "total": len(keys),
        },
        status=page_status(form),
    )


def _following(surface: Surface, definition: Definition, interview: Interview, key: str) -> str:
    following = step_after(definition, interview.answers or {}, key)
    return surface.url("step", interview.reference, following) if following else ""


def review_page(request: HttpRequest, surface: Surface, reference: str) -> HttpResponse:
    """核对: the whole document as it will be printed, the computed values' warnings with their
    rules, and every answer still missing with a link to its step. POST makes the document."""
    interview = interview_for(request, reference)
    definition = definition_of(interview.template)
    problems: list[dict[str, str]] = []
    document = None
    if request.method == "POST":
        try:
            complete_interview(interview=interview, actor=acting_user(request), note=request.POST.get("note", ""))
        except NotPermitted as exc:
            raise Http404(str(exc)) from None
        except DomainError as exc:
            problems = _located(surface, interview, definition, exc)
        else:
            messages.success(request, gettext("文书已生成，可以下载 Word 和 PDF。"))
            return redirect(surface.url("detail", interview.reference))
    try:
        document, _ = prepare_document(interview)
    except DomainError as exc:
        if not problems:
            problems = _located(surface, interview, definition, exc)
    return render(
        request,
        "drafting/review.html",
        {
            "base_template": surface.base_template,
            "surface": surface,
            "interview": interview,
            "definition": definition,
            "document": document,
            "problems": problems,
            "steps": _step_links(surface, interview, definition, ""),
            "editable": can_edit(request.user, interview),
        },
        status=400 if request.method == "POST" and problems else 200,
    )


def _located(
    surface: Surface, interview: Interview, definition: Definition, error: DomainError
) -> list[dict[str, str]]:
    """Each problem with the step where it is answered (an element of the law: its first answer)."""
    where: dict[str, Step] = {}
    for step in definition.steps:
        for spec in step.fields:
            where[spec.name] = step
    elements = definition.layout.get("elements") or {}
    located = []
    for problem in error.problems:
        name = (problem.field or "").split(".")[0]
        if elements.get(name):
            name = str(elements[name][0]).split(".")[0]
        found = where.get(name)
        located.append(
            {
                "message": problem.message,
                "step": found.title if found else "",
                "url": surface.url("step", interview.reference, found.key) if found else "",
            }
        )
    return located


def detail_page(request: HttpRequest, surface: Surface, reference: str) -> HttpResponse:
    """The document's page: its status, every version with its files, and what can be done next."""
    interview = interview_for(request, reference)
    definition = definition_of(interview.template)
    versions = list(interview.documents.select_related("made_by").order_by("-number"))
    return render(
        request,
        "drafting/detail.html",
        {
            "base_template": surface.base_template,
            "surface": surface,
            "interview": interview,
            "definition": definition,
            "versions": versions,
            "editable": can_edit(request.user, interview),
            "resume_url": surface.url("step", interview.reference, interview.current_step or definition.steps[0].key),
        },
    )


def action_page(request: HttpRequest, surface: Surface, reference: str, action: str) -> HttpResponse:
    """修改答案 / 申请律师审核 (POST only)."""
    interview = interview_for(request, reference)
    try:
        if action == "reopen":
            reopen_interview(interview=interview, actor=acting_user(request))
            definition = definition_of(interview.template)
            return redirect(surface.url("step", interview.reference, definition.steps[0].key))
        if action == "review":
            request_review(interview=interview, actor=acting_user(request), note=request.POST.get("note", ""))
            messages.success(
                request,
                gettext("已提交律师审核，工单编号 {number}。审核后的版本会出现在这里。").format(
                    number=interview.review_order.tracking_number if interview.review_order else ""
                ),
            )
    except NotPermitted as exc:
        raise Http404(str(exc)) from None
    except DomainError as exc:
        messages.error(request, "；".join(problem.message for problem in exc.problems))
    return redirect(surface.url("detail", interview.reference))


def download(request: HttpRequest, surface: Surface, reference: str, number: int, fmt: str) -> HttpResponse:
    """A version's .docx or PDF, as an attachment (never cached: it holds personal data)."""
    interview = interview_for(request, reference)
    document = get_object_or_404(DraftDocument, interview=interview, number=number)
    if fmt not in ("docx", "pdf"):
        raise Http404
    content_type = (
        "application/pdf" if fmt == "pdf" else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    data = read_document(document=document, fmt=fmt, actor=acting_user(request))
    response = HttpResponse(data, content_type=content_type)
    filename = f"{interview.template.title}-第{document.number}版.{fmt}"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename=\"document.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


def templates_context() -> list[Definition]:
    return library()
