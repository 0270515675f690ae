"""Peer review (同行评估, 《法律援助法》第57条) of legal-aid cases: drawing the sample, naming the
reviewer, and the cases a lawyer was named to review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.core.forms import add_domain_error
from gongfa.legalaid.models import LegalAidApplication
from gongfa.legalaid.selectors import Action, visible_to
from gongfa.network.scope import scope_for
from gongfa.workbench import legalaid_forms as f
from gongfa.workbench.views.common import staff, staff_required

# ---------------------------------------------------------------------------------------------
# Peer review (同行评估, 《法律援助法》第57条): sampling, naming the reviewer, the reviewer's list


def _sampling_agencies(user: User) -> list[tuple[int, str]]:
    from gongfa.network.choices import AgencyKind
    from gongfa.network.models import Agency

    scope = scope_for(user)
    agencies = Agency.objects.filter(kind=AgencyKind.LEGAL_AID_CENTRE, is_active=True)
    if not scope.sees_everything:
        agencies = agencies.filter(Q(pk__in=scope.agency_ids) | scope.region_q("region__code"))
    return [(a.pk, a.name) for a in agencies.order_by("region__code", "name")]


def _peer_reviewer_choices(application: LegalAidApplication) -> list[tuple[int, str]]:
    from gongfa.legalaid.models import ProviderProfile

    low, high = application.agency.region.subtree_bounds()
    profiles = (
        ProviderProfile.objects.filter(user__is_active=True, agency__region__code__range=(low, high))
        .exclude(agency_id=application.provider_agency_id or 0)
        .select_related("user", "agency")
        .order_by("agency__name", "pk")
    )
    return [(p.user_id, f"{p.user.display_name}（{p.agency.name}）") for p in profiles]


@staff_required
@require_http_methods(["GET", "POST"])
def peer_review(request: HttpRequest) -> HttpResponse:
    """The agency draws cases for peer review and names reviewers; a lawyer sees the cases they
    were named for."""
    import datetime

    from gongfa.legalaid.models import PeerReviewSample
    from gongfa.legalaid.services.quality import assign_peer_reviewer, sample_for_peer_review
    from gongfa.network.models import Agency

    user = staff(request)
    agencies = _sampling_agencies(user)
    today = timezone.localdate()
    action = request.POST.get("action", "") if request.method == "POST" else ""
    sample_form = f.PeerSampleForm(
        request.POST if action == "sample" else None,
        agencies=agencies,
        initial={"start": today - datetime.timedelta(days=90), "end": today, "percent": "10"},
    )
    error_form: Any = None
    if action == "sample" and sample_form.is_valid():
        data = sample_form.cleaned_data
        try:
            if data["agency"] not in {pk for pk, _ in agencies}:
                raise DomainError(gettext("请选择您所在地区的法律援助机构。"), field="agency")
            drawn = sample_for_peer_review(
                agency=Agency.objects.get(pk=data["agency"]),
                period_start=data["start"],
                period_end=data["end"],
                percent=data["percent"],
                actor=user,
            )
        except DomainError as exc:
            add_domain_error(sample_form, exc)
            error_form = sample_form
        else:
            messages.success(request, gettext("已抽取 {len} 件。").format(len=len(drawn)))
            return redirect("workbench:legal_aid_peer_review")
    elif action == "sample":
        error_form = sample_form
    if action == "assign":
        sample = (
            PeerReviewSample.objects.select_related("application__agency__region")
            .filter(pk=int(sample_id) if (sample_id := request.POST.get("sample", "")).isdigit() else 0)
            .first()
        )
        if sample is None:
            raise Http404(gettext("找不到该抽样"))
        form = f.PeerReviewerForm(request.POST, reviewers=_peer_reviewer_choices(sample.application))
        if form.is_valid():
            reviewer = User.objects.filter(pk=form.cleaned_data["reviewer"]).first()
            try:
                if reviewer is None:
                    raise DomainError(gettext("请选择评估人。"), field="reviewer")
                assign_peer_reviewer(sample=sample, actor=user, reviewer=reviewer)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, gettext("已指定同行评估人。"))
                return redirect("workbench:legal_aid_peer_review")
        error_form = form
    samples = (
        PeerReviewSample.objects.filter(application__in=visible_to(user, Action.REVIEW))
        .select_related("application", "reviewer", "agency")
        .order_by("-sampled_at", "pk")[:200]
    )
    rows = [(s, f.PeerReviewerForm(reviewers=_peer_reviewer_choices(s.application))) for s in samples]
    mine = (
        PeerReviewSample.objects.filter(reviewer=user)
        .select_related("application")
        .exclude(application__quality_reviews__kind="peer_review", application__quality_reviews__reviewer=user)
    )
    return render(
        request,
        "workbench/legalaid/peer_review.html",
        {
            "sample_form": sample_form,
            "rows": rows,
            "mine": list(mine),
            "form": error_form,
            "can_sample": bool(agencies),
        },
        status=400 if error_form is not None and error_form.errors else 200,
    )
