"""Question verification pages (问题核实), part of demand analysis (需求研判): the queue of logged
questions no one has verified, most pressing first, and the page where a member of staff confirms
or corrects the articles and the topic, with the statute search at hand.

A supervisor sees the questions of their region and those whose place is unknown (anonymous
questions), as on the demand page. The queue shows each question de-identified: the raw wording
appears only on the verification page, to the person verifying it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error, page_status
from gongfa.knowledge.choices import QuestionVerdict, ReviewPriority
from gongfa.knowledge.models import Article, QuestionLog, VerifiedQuestion
from gongfa.knowledge.ranking import rank_articles
from gongfa.knowledge.verification import (
    answered_article_ids,
    do_retire_verified_question,
    do_verify_question,
    proposed_text,
    verification_queue,
)
from gongfa.network.scope import scope_for
from gongfa.workbench.verification_forms import VerifyQuestionForm
from gongfa.workbench.views.common import staff, supervisor_required

PAGE_SIZE = 30
SEARCH_RESULTS = 10


def _region_filter(user: User) -> Q | None:
    scope = scope_for(user)
    if scope.sees_everything:
        return None
    return scope.region_q("region__code") | Q(region__isnull=True)


@supervisor_required
@require_GET
def verification_list(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    queue = verification_queue(_region_filter(user))
    reason = request.GET.get("reason", "")
    if reason.isdigit() and int(reason) in ReviewPriority.values:
        queue = queue.filter(review_priority=int(reason))
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"log": log, "text": proposed_text(log)} for log in page.object_list]
    return render(
        request,
        "workbench/verification/list.html",
        {"page": page, "rows": rows, "reasons": ReviewPriority.choices, "reason": reason},
    )


def _log_in_scope(user: User, pk: int) -> QuestionLog:
    logs = QuestionLog.objects.select_related("topic", "region", "faq_entry")
    region_filter = _region_filter(user)
    if region_filter is not None:
        logs = logs.filter(region_filter)
    log = logs.filter(pk=pk).first()
    if log is None:
        raise Http404(gettext("找不到这条问答记录，或不在您的管辖范围内"))
    return log


def _article_choices(ids: list[int]) -> list[tuple[int, str]]:
    found = Article.objects.select_related("version__law").in_bulk(ids)
    choices = []
    for pk in dict.fromkeys(ids):
        article = found.get(pk)
        if article is not None:
            choices.append((pk, f"{article.citation}：{article.text[:80]}"))
    return choices


@supervisor_required
@require_http_methods(["GET", "POST"])
def verify_question(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    log = _log_in_scope(user, pk)
    answered = answered_article_ids(log)
    data = request.POST if request.method == "POST" else None
    searching = data is not None and "search_articles" in data
    query = (data.get("search", "") if data is not None else "").strip()[:200]
    found_ids = [article_id for article_id, _ in rank_articles(query, SEARCH_RESULTS).hits] if query else []
    ticked = [int(v) for v in (data.getlist("articles") if data is not None else []) if v.isdigit()]
    choices = _article_choices([*ticked, *answered, *found_ids])
    initial: dict[str, Any] = {
        "text": proposed_text(log),
        "verdict": QuestionVerdict.LEGAL,
        "articles": answered[:1],
        "topic": log.topic_id,
    }
    if searching and data is not None:
        # a search keeps what was typed and ticked, and judges nothing yet
        initial.update(
            text=data.get("text", ""),
            verdict=data.get("verdict", ""),
            articles=ticked,
            citations=data.get("citations", ""),
            topic=data.get("topic") or log.topic_id,
            search=query,
        )
        data = None
    form = VerifyQuestionForm(data, initial=initial, article_choices=choices)
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            do_verify_question(
                log=log,
                actor=user,
                text=cleaned["text"],
                verdict=cleaned["verdict"],
                article_ids=cleaned["articles"],
                citations=cleaned["citations"],
                topic=cleaned["topic"] or log.topic,
                channel=Channel.WORKBENCH,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, gettext("已核实。以后相似的提问会参考这次核实的法条和类别。"))
            return redirect("workbench:qa_verification")
    context = {
        "log": log,
        "form": form,
        "answered": set(answered),
        "found": set(found_ids),
        "searched": query,
        "verification": getattr(log, "verification", None) if log.verified else None,
    }
    return render(request, "workbench/verification/verify.html", context, status=page_status(form))


@supervisor_required
@require_GET
def verified_list(request: HttpRequest) -> HttpResponse:
    """Questions already verified (已核实问题), newest first, with their articles; active ones feed
    the question memory and can be retired here."""
    user = staff(request)
    verified = VerifiedQuestion.objects.select_related("topic", "verified_by", "region").prefetch_related(
        "articles__version__law"
    )
    region_filter = _region_filter(user)
    if region_filter is not None:
        verified = verified.filter(region_filter)
    if request.GET.get("retired") != "1":
        verified = verified.filter(is_active=True)
    page = Paginator(verified.order_by("-verified_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workbench/verification/verified.html",
        {"page": page, "questions": list(page.object_list), "retired": request.GET.get("retired") == "1"},
    )


@supervisor_required
@require_POST
def retire_verified(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    found = VerifiedQuestion.objects.all()
    region_filter = _region_filter(user)
    if region_filter is not None:
        found = found.filter(region_filter)
    verified = found.filter(pk=pk).first()
    if verified is None:
        raise Http404(gettext("找不到这条核实记录，或不在您的管辖范围内"))
    try:
        do_retire_verified_question(verified, actor=user, reason=request.POST.get("reason", "")[:200])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("已停用，以后的提问不再参考这条核实。"))
    return redirect("workbench:qa_verified")
