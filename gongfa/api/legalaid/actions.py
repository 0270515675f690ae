"""The reviewer's, provider's and applicant's steps as POSTs /cases/{number}/actions/<name>."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.api.actions import run_with
from gongfa.api.auth import principal
from gongfa.api.legalaid.cases import _answer, _visible
from gongfa.api.legalaid.common import REGISTRY
from gongfa.api.legalaid.schemas import (
    AdvanceAidIn,
    AssignIn,
    CaseCloseIn,
    CaseReasonIn,
    ClosingReportIn,
    GrantIn,
    LegalAidCaseOut,
    ProgressIn,
    RefuseIn,
    ReplaceProviderIn,
    ReturnVisitIn,
    SupplementIn,
    TerminateIn,
    WithdrawIn,
)
from gongfa.api.schemas import CaseNumberPath
from gongfa.core.errors import DomainError, Problems
from gongfa.legalaid import services
from gongfa.legalaid.models import LegalAidApplication


def _provider_by_id(pk: int | None, check: Callable[[], object] | None = None) -> User | None:
    """The named provider. An unknown id is refused together with the action's other problems
    (`check`: the service's checks, run without the provider; they write nothing)."""
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        unknown = DomainError(gettext("该人员不在法律援助承办人员名册中。"), code="not_a_provider", field="provider")
        if check is None:
            raise unknown
        problems = Problems()
        problems.add_error(unknown)
        # The case's state or the caller's rights come first (409, 403); the rotation's problems
        # (no candidate) do not concern a named provider.
        run_with(problems, check, keep=lambda problem: problem.field != "provider" and problem.code != "no_candidate")
    return user


_action = REGISTRY.action


def _act(request: HttpRequest, number: CaseNumberPath) -> tuple[User, LegalAidApplication]:
    user = principal(request).user
    return user, _visible(user, number)


@_action("start_review", "开始审查")
def start_review(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """开始审查 (from 已受理待审查). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.start_review(application=case, actor=user), user)


@_action("request_supplement", "一次性告知补充材料")
def request_supplement(request: HttpRequest, number: CaseNumberPath, payload: SupplementIn) -> LegalAidCaseOut:
    """一次性告知补充材料 (第43条第2款): every missing item at once, one notice per case; the
    review clock pauses. Reviewer."""
    user, case = _act(request, number)
    services.request_supplement(
        application=case,
        actor=user,
        items=[{"kind": item.kind, "note": item.note} for item in payload.items],
        due_days=payload.due_days,
    )
    return _answer(case, user)


@_action("receive_supplement", "材料已补齐")
def receive_supplement(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """材料已补齐: every listed item has been uploaded; the review resumes. Reviewer or applicant."""
    user, case = _act(request, number)
    return _answer(services.receive_supplement(application=case, actor=user), user)


@_action("start_advance_aid", "先行提供法律援助")
def start_advance_aid(request: HttpRequest, number: CaseNumberPath, payload: AdvanceAidIn) -> LegalAidCaseOut:
    """先行提供法律援助 (第44条) in an urgent case, before the decision. Reviewer."""
    user, case = _act(request, number)
    return _answer(services.start_advance_aid(application=case, actor=user, urgent_reason=payload.urgent_reason), user)


@_action("confirm_advance_aid", "先行援助审查符合条件")
def confirm_advance_aid(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """After advance aid the review found the applicant eligible: the case goes on in service
    (a provider must be assigned first). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.confirm_advance_aid(application=case, actor=user), user)


@_action("grant", "决定给予法律援助")
def grant(request: HttpRequest, number: CaseNumberPath, payload: GrantIn) -> LegalAidCaseOut:
    """决定给予法律援助 (第43条): the decision notice is issued and the 3-day assignment clock
    starts. Refused while a supplement is outstanding. Reviewer."""
    user, case = _act(request, number)
    return _answer(services.grant(application=case, actor=user, reasons=payload.reasons), user)


@_action("refuse", "决定不予法律援助")
def refuse(request: HttpRequest, number: CaseNumberPath, payload: RefuseIn) -> LegalAidCaseOut:
    """决定不予法律援助 (第43条), with reasons (required); the notice states the objection route
    (第49条). Not for notified cases. Reviewer."""
    user, case = _act(request, number)
    return _answer(services.refuse(application=case, actor=user, reasons=payload.reasons), user)


@_action("redirect", "告知向有管辖权的机构申请")
def redirect(request: HttpRequest, number: CaseNumberPath, payload: CaseReasonIn) -> LegalAidCaseOut:
    """Not this agency's competence (第38条): say where to apply (reason required). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.redirect(application=case, actor=user, reason=payload.reason), user)


@_action("withdraw", "撤回申请")
def withdraw(request: HttpRequest, number: CaseNumberPath, payload: WithdrawIn) -> LegalAidCaseOut:
    """撤回申请 before aid starts: the applicant, or a reviewer recording it for them."""
    user, case = _act(request, number)
    return _answer(services.withdraw(application=case, actor=user, reason=payload.reason), user)


@_action("assign", "指派承办人员")
def assign(request: HttpRequest, number: CaseNumberPath, payload: AssignIn) -> LegalAidCaseOut:
    """指派 after the grant (or on a notice, or during advance aid): the named provider (checked:
    roster, range, experience, minors, conflicts → 400 field `provider`) or, without one, the
    rotation weighted by caseload. Before the grant: 409. Reviewer."""
    user, case = _act(request, number)
    provider = _provider_by_id(
        payload.provider_id,
        lambda: services.check_assign(application=case, chosen_by_applicant=payload.chosen_by_applicant),
    )
    return _answer(
        services.assign_provider(
            application=case, actor=user, provider=provider, chosen_by_applicant=payload.chosen_by_applicant
        ),
        user,
    )


@_action("replace_provider", "更换承办人员")
def replace_provider(request: HttpRequest, number: CaseNumberPath, payload: ReplaceProviderIn) -> LegalAidCaseOut:
    """更换承办人员 (第55条) with grounds (required); a named provider is checked as for `assign`.
    Reviewer."""
    user, case = _act(request, number)
    provider = _provider_by_id(
        payload.provider_id, lambda: services.check_replace(application=case, grounds=payload.grounds)
    )
    return _answer(
        services.replace_provider(application=case, actor=user, grounds=payload.grounds, provider=provider), user
    )


@_action("sign_engagement", "签订委托协议")
def sign_engagement(request: HttpRequest, number: CaseNumberPath) -> LegalAidCaseOut:
    """委托协议已签订: service begins. The provider, or the agency recording it."""
    user, case = _act(request, number)
    return _answer(services.sign_engagement(application=case, actor=user), user)


@_action("add_progress", "填写办案进展")
def add_progress(request: HttpRequest, number: CaseNumberPath, payload: ProgressIn) -> LegalAidCaseOut:
    """办案进展 (第46条): a note for the file, shown to the recipient unless said otherwise. Provider."""
    user, case = _act(request, number)
    services.add_progress(
        application=case, actor=user, text=payload.text, visible_to_applicant=payload.visible_to_applicant
    )
    return _answer(case, user)


@_action("terminate", "终止法律援助")
def terminate(request: HttpRequest, number: CaseNumberPath, payload: TerminateIn) -> LegalAidCaseOut:
    """终止法律援助 (第48条): a ground of the article and reasons (both required). Reviewer."""
    user, case = _act(request, number)
    return _answer(
        services.terminate(application=case, actor=user, ground=payload.ground, reasons=payload.reasons), user
    )


@_action("file_closing_report", "提交结案材料")
def file_closing_report(request: HttpRequest, number: CaseNumberPath, payload: ClosingReportIn) -> LegalAidCaseOut:
    """提交结案材料 (第50条): the report; at least one document must already be on file from the
    provider since the assignment. Provider."""
    user, case = _act(request, number)
    return _answer(services.file_closing_report(application=case, actor=user, report=payload.report), user)


@_action("return_closing_report", "退回结案材料")
def return_closing_report(request: HttpRequest, number: CaseNumberPath, payload: CaseReasonIn) -> LegalAidCaseOut:
    """退回结案材料 to the provider with a reason (required). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.return_closing_report(application=case, actor=user, reason=payload.reason), user)


@_action("close", "结案")
def close(request: HttpRequest, number: CaseNumberPath, payload: CaseCloseIn) -> LegalAidCaseOut:
    """结案 (第50、52条): accept the closing file and record the subsidy (optional, ≥ 0). Reviewer."""
    user, case = _act(request, number)
    return _answer(services.close_case(application=case, actor=user, subsidy_amount=payload.subsidy_amount), user)


@_action("record_return_visit", "回访受援人")
def record_return_visit(request: HttpRequest, number: CaseNumberPath, payload: ReturnVisitIn) -> LegalAidCaseOut:
    """回访受援人 (第59条) at the closing review or after closing. Reviewer (not the case's provider)."""
    from gongfa.legalaid.services.visits import record_return_visit as record

    user, case = _act(request, number)
    record(
        application=case,
        actor=user,
        method=payload.method,
        satisfied=payload.satisfied,
        opinion=payload.opinion,
        issues=payload.issues,
    )
    return _answer(case, user)


@_action("lodge_objection", "提出异议")
def lodge_objection(request: HttpRequest, number: CaseNumberPath, payload: CaseReasonIn) -> LegalAidCaseOut:
    """提出异议 (第49条) against a refusal or a termination, with reasons. Applicant."""
    user, case = _act(request, number)
    services.lodge_objection(application=case, actor=user, reason=payload.reason)
    return _answer(case, user)
