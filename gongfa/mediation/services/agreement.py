"""The written mediation agreement (调解协议书, 《人民调解法》第28–29条): drafted by the case's
mediator or the committee's staff with every item 第29条第1款 requires, finalised with a number,
signed by every party (on paper, recorded by staff, or by the party through a signed confirmation
link), signed by the mediator and sealed by the committee. When the last of these is done the
agreement takes effect (第29条第2款): the case moves to AGREEMENT_EFFECTIVE, the 30-day window
for a joint application for judicial confirmation opens (第33条) and a return visit on
performance is scheduled (第31条; Mediation Provisions ◐)."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.mediation import rules
from gongfa.mediation.choices import (
    AgreementForm,
    AgreementStatus,
    DocumentKind,
    Outcome,
    SignatureMethod,
)
from gongfa.mediation.models import (
    Agreement,
    AgreementSignature,
    CaseDocument,
    CaseMediator,
    CaseParty,
    MediationCase,
    ReturnVisit,
)
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.common import (
    acting_via,
    calendar_due,
    lock_for,
    next_number,
    note,
    require_text,
    setting,
    step,
)
from gongfa.mediation.states import MEDIATION
from gongfa.mediation.tasks import store_agreement_pdf, text_confirmation_links

AMOUNT_MESSAGE = _("协议金额须为不小于0的数字。")
_MAX_AMOUNT = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
_TOKEN_SALT = "gongfa.mediation.agreement-confirmation"  # noqa: S105 (a signing salt, not a secret)
# How long a party's confirmation link stays valid (a link sent by SMS; a new one can be sent).
CONFIRMATION_LINK_DAYS = 30
LIVE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.FINALISED, AgreementStatus.EFFECTIVE)


# ---------------------------------------------------------------- parsing shared by the services


def parse_amount(value: object, problems: Problems, *, field: str = "amount") -> Decimal | None:
    """An amount in yuan from a form (str) or code (Decimal, int): empty means none; anything else
    that is not a number of at least 0 with at most two decimals is a problem."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        problems.add(field, AMOUNT_MESSAGE, code="invalid_amount")
        return None
    try:
        amount = Decimal(value.strip().replace(",", "") if isinstance(value, str) else value)
    except InvalidOperation:
        problems.add(field, AMOUNT_MESSAGE, code="invalid_amount")
        return None
    if not amount.is_finite() or amount < 0:
        problems.add(field, AMOUNT_MESSAGE, code="invalid_amount")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        problems.add(field, gettext("协议金额最多保留两位小数（精确到分）。"), code="invalid_amount")
        return None
    if amount > _MAX_AMOUNT:
        problems.add(field, gettext("协议金额过大，请核对。"), code="invalid_amount")
        return None
    return amount.quantize(Decimal("0.01"))


def parse_date(value: object, problems: Problems, *, field: str, label: str) -> datetime.date | None:
    """A date from a form (YYYY-MM-DD) or code; empty gives None (the caller decides if required)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.add(
        field,
        gettext("{label}的日期格式不正确（应为 年-月-日，如 2026-12-31）。").format(label=label),
        code="invalid_date",
    )
    return None


def text(value: str | None, problems: Problems, *, field: str, label: str, max_chars: int = 5000) -> str:
    with problems.check():
        return require_text(value, field=field, label=label, max_chars=max_chars)
    return ""


def optional_text(value: str | None, problems: Problems, *, field: str, label: str, max_chars: int) -> str:
    cleaned = (value or "").strip()
    if len(cleaned) > max_chars:
        problems.add(
            field,
            gettext("{label}不能超过 {max_chars} 个字（现在 {len} 个字）。").format(
                label=label, max_chars=max_chars, len=len(cleaned)
            ),
            code="too_long",
        )
    return cleaned


def require_status(case: MediationCase, action: str) -> None:
    """Refuse (InvalidTransition, the table's message) when the case's status does not allow
    `action`; for the steps that validate input before they take it."""
    MEDIATION.get(case.status, action)


def add_generated_document(case: MediationCase, kind: str, title: str, actor: User | None) -> CaseDocument:
    """A document the platform produces (notice, agreement, record, back cover) put on file; its
    PDF is rendered by the pages from the case (no file stored here)."""
    return CaseDocument.objects.create(case=case, kind=kind, title=title[:128], generated=True, added_by=actor)


def schedule_return_visit(case: MediationCase, after: datetime.date) -> ReturnVisit:
    """A return visit on performance (第31条; Mediation Provisions ◐), due RETURN_VISIT_DAYS after
    `after` (the performance deadline, or the day the agreement took effect)."""
    days = int(setting(case, rules.RETURN_VISIT_DAYS.key))
    return ReturnVisit.objects.create(case=case, due_on=calendar_due(case, after, days))


# ------------------------------------------------------------------------------ the agreement


def _current_mediator(case: MediationCase, actor: User) -> CaseMediator | None:
    return case.mediators.filter(mediator__user=actor, recused_at__isnull=True).select_related("mediator").first()


def _check_content(
    *,
    problems: Problems,
    parties_text: str | None,
    facts_and_responsibility: str | None,
    terms: str | None,
    performance_method: str | None,
    performance_place: str | None,
    performance_deadline: object,
    amount: object,
    today: datetime.date,
) -> dict[str, Any]:
    """第29条第1款: (一) the parties; (二) facts, matters in dispute and responsibility; (三) what was
    agreed and how and when it will be performed. Every problem is added; returns the clean values."""
    values: dict[str, Any] = {
        "parties_text": text(
            parties_text, problems, field="parties_text", label=gettext("当事人的基本情况（第29条第1款第一项）")
        ),
        "facts_and_responsibility": text(
            facts_and_responsibility,
            problems,
            field="facts_and_responsibility",
            label=gettext("纠纷的主要事实、争议事项以及各方当事人的责任（第29条第1款第二项）"),
        ),
        "terms": text(terms, problems, field="terms", label=gettext("当事人达成调解协议的内容（第29条第1款第三项）")),
    }
    method = optional_text(
        performance_method, problems, field="performance_method", label=gettext("履行方式"), max_chars=200
    )
    deadline = parse_date(performance_deadline, problems, field="performance_deadline", label=gettext("履行期限"))
    if not method and deadline is None and not problems.has("performance_deadline"):
        problems.add(
            None,
            gettext("调解协议没有履行条款：请写明履行方式和履行期限（第29条第1款第三项）。"),
            code="no_performance_terms",
        )
    else:
        if not method and not problems.has("performance_method"):
            problems.add("performance_method", gettext("请写明履行方式（第29条第1款第三项）。"), code="required")
        if deadline is None and not problems.has("performance_deadline"):
            problems.add("performance_deadline", gettext("请写明履行期限（第29条第1款第三项）。"), code="required")
    if deadline is not None and deadline < today:
        problems.add(
            "performance_deadline",
            gettext("履行期限（{deadline:%Y-%m-%d}）不能早于今天。").format(deadline=deadline),
            code="in_the_past",
        )
    values.update(
        performance_method=method,
        performance_place=optional_text(
            performance_place, problems, field="performance_place", label=gettext("履行地点"), max_chars=200
        ),
        performance_deadline=deadline,
        amount=parse_amount(amount, problems),
    )
    return values


def draft_agreement(
    *,
    actor: User,
    case: MediationCase,
    parties_text: str | None,
    facts_and_responsibility: str | None,
    terms: str | None,
    performance_method: str | None,
    performance_deadline: object,
    performance_place: str | None = "",
    amount: object = None,
) -> Agreement:
    """Draft the written agreement (调解协议书, 第28–29条) of a case in mediation. Every missing
    item of 第29条第1款 and every bad value is reported at once; nothing is written on error."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.HANDLE)
        require_status(locked, "make_agreement_effective")
        problems = Problems()
        values = _check_content(
            problems=problems,
            parties_text=parties_text,
            facts_and_responsibility=facts_and_responsibility,
            terms=terms,
            performance_method=performance_method,
            performance_place=performance_place,
            performance_deadline=performance_deadline,
            amount=amount,
            today=timezone.localdate(),
        )
        live = locked.agreements.filter(status__in=LIVE_STATUSES).first()
        if live is not None:
            problems.add(
                None,
                gettext("本案已有一份{get_status_display}的调解协议，请修改该协议，不要另起草。").format(
                    get_status_display=live.get_status_display()
                ),
                code="agreement_exists",
            )
        problems.raise_if_any()
        agreement = Agreement.objects.create(
            case=locked, form=AgreementForm.WRITTEN, status=AgreementStatus.DRAFT, drafted_by=actor, **values
        )
        note(locked, "agreement_drafted", actor=actor, data={"agreement": agreement.pk})
    return agreement


def _lock_agreement(actor: User | None, agreement: Agreement, action: Action = Action.HANDLE) -> Agreement:
    lock_for(actor, agreement.case, action)
    return Agreement.objects.select_for_update().select_related("case__committee__agency").get(pk=agreement.pk)


def update_agreement(
    *,
    actor: User,
    agreement: Agreement,
    parties_text: str | None,
    facts_and_responsibility: str | None,
    terms: str | None,
    performance_method: str | None,
    performance_deadline: object,
    performance_place: str | None = "",
    amount: object = None,
) -> Agreement:
    """Change the draft (the same checks as drafting). A finalised agreement nobody has signed yet
    goes back to draft; once anyone has signed, what they signed cannot change."""
    with transaction.atomic():
        locked = _lock_agreement(actor, agreement)
        require_status(locked.case, "make_agreement_effective")
        problems = Problems()
        values = _check_content(
            problems=problems,
            parties_text=parties_text,
            facts_and_responsibility=facts_and_responsibility,
            terms=terms,
            performance_method=performance_method,
            performance_place=performance_place,
            performance_deadline=performance_deadline,
            amount=amount,
            today=timezone.localdate(),
        )
        if locked.status not in (AgreementStatus.DRAFT, AgreementStatus.FINALISED):
            problems.add(
                None,
                gettext("协议{get_status_display}，不能再修改。").format(
                    get_status_display=locked.get_status_display()
                ),
                code="not_editable",
            )
        elif locked.status == AgreementStatus.FINALISED and _anyone_signed(locked):
            problems.add(
                None, gettext("已有当事人签署或调解员签名、调委会盖章，协议不能再修改。"), code="already_signed"
            )
        problems.raise_if_any()
        for name, value in values.items():
            setattr(locked, name, value)
        locked.status = AgreementStatus.DRAFT
        locked.finalised_at = None
        locked.save()
        note(locked.case, "agreement_updated", actor=actor, data={"agreement": locked.pk})
    return locked


def _anyone_signed(agreement: Agreement) -> bool:
    return (
        agreement.signatures.exists()
        or agreement.mediator_signed_at is not None
        or agreement.committee_sealed_at is not None
    )


def finalise_agreement(*, actor: User, agreement: Agreement) -> Agreement:
    """定稿: the draft gets its number (调协〔年〕号) and may be signed. Its content is checked again
    (a performance deadline may have passed since drafting)."""
    with transaction.atomic():
        locked = _lock_agreement(actor, agreement)
        require_status(locked.case, "make_agreement_effective")
        problems = Problems()
        if locked.status != AgreementStatus.DRAFT:
            problems.add(
                None,
                gettext("只有草稿可以定稿（该协议{get_status_display}）。").format(
                    get_status_display=locked.get_status_display()
                ),
                code="not_draft",
            )
        _check_content(
            problems=problems,
            parties_text=locked.parties_text,
            facts_and_responsibility=locked.facts_and_responsibility,
            terms=locked.terms,
            performance_method=locked.performance_method,
            performance_place=locked.performance_place,
            performance_deadline=locked.performance_deadline,
            amount=locked.amount,
            today=timezone.localdate(),
        )
        problems.raise_if_any()
        if not locked.number:
            locked.number = next_number(locked.case.committee, "agreement", "调协")
        locked.status = AgreementStatus.FINALISED
        locked.finalised_at = timezone.now()
        locked.save(update_fields=["number", "status", "finalised_at"])
        note(locked.case, "agreement_finalised", actor=actor, data={"agreement": locked.pk, "number": locked.number})
        transaction.on_commit(functools.partial(store_agreement_pdf.delay, locked.pk, AgreementStatus.FINALISED.value))
        transaction.on_commit(functools.partial(text_confirmation_links.delay, locked.pk))
    return locked


def _check_signable(agreement: Agreement) -> None:
    require_status(agreement.case, "make_agreement_effective")
    if agreement.status != AgreementStatus.FINALISED:
        raise DomainError(
            gettext("协议{get_status_display}，只有定稿的协议可以签署。").format(
                get_status_display=agreement.get_status_display()
            ),
            code="not_finalised",
            field=None,
        )


def _sign_party(agreement: Agreement, party: CaseParty, *, method: str, actor: User | None) -> AgreementSignature:
    if party.case_id != agreement.case_id:
        raise DomainError(gettext("该当事人不是本案的当事人。"), code="not_a_party", field="party")
    if agreement.signatures.filter(party=party).exists():
        raise DomainError(
            gettext("{name}已经签署过该协议。").format(name=party.name), code="already_signed", field="party"
        )
    signature = AgreementSignature.objects.create(agreement=agreement, party=party, method=method, recorded_by=actor)
    note(
        agreement.case,
        "agreement_signed",
        actor=actor,
        data={"agreement": agreement.pk, "party": party.pk, "method": method},
    )
    _take_effect_if_complete(agreement, actor)
    return signature


def record_paper_signature(*, actor: User, agreement: Agreement, party: CaseParty) -> AgreementSignature:
    """A party signed, sealed or fingerprinted the paper agreement (第29条第2款); staff record it."""
    with transaction.atomic():
        locked = _lock_agreement(actor, agreement)
        _check_signable(locked)
        return _sign_party(locked, party, method=SignatureMethod.PAPER, actor=actor)


def confirmation_token(agreement: Agreement, party: CaseParty) -> str:
    """A signed token for a party's confirmation link: the agreement's and party's ids and the
    moment it was finalised (a changed and re-finalised agreement needs a new link). No personal
    data; expires after CONFIRMATION_LINK_DAYS."""
    if agreement.finalised_at is None or agreement.status != AgreementStatus.FINALISED:
        raise DomainError(gettext("协议定稿后才能发送确认链接。"), code="not_finalised")
    if party.case_id != agreement.case_id:
        raise DomainError(gettext("该当事人不是本案的当事人。"), code="not_a_party", field="party")
    payload = {"a": agreement.pk, "p": party.pk, "v": int(agreement.finalised_at.timestamp())}
    return signing.TimestampSigner(salt=_TOKEN_SALT).sign_object(payload, compress=True)


def _read_token(token: str) -> dict[str, int]:
    signer = signing.TimestampSigner(salt=_TOKEN_SALT)
    try:
        payload = signer.unsign_object(token, max_age=datetime.timedelta(days=CONFIRMATION_LINK_DAYS))
    except signing.SignatureExpired:
        raise DomainError(gettext("确认链接已过期，请联系调解员重新发送。"), code="link_expired") from None
    except signing.BadSignature:
        raise DomainError(gettext("确认链接无效。"), code="link_invalid") from None
    if not isinstance(payload, dict) or not all(isinstance(payload.get(key), int) for key in ("a", "p", "v")):
        raise DomainError(gettext("确认链接无效。"), code="link_invalid")
    return payload


def agreement_for_token(token: str) -> tuple[Agreement, CaseParty]:
    """The agreement and the party a confirmation link names (genuine and not expired; whether it
    is still current is confirm_by_link's check); else DomainError."""
    payload = _read_token(token)
    agreement = Agreement.objects.select_related("case__committee__agency").filter(pk=payload["a"]).first()
    party = CaseParty.objects.filter(pk=payload["p"]).first()
    if agreement is None or party is None or party.case_id != agreement.case_id:
        raise DomainError(gettext("确认链接无效。"), code="link_invalid")
    return agreement, party


def confirm_by_link(*, token: str, actor: User | None = None) -> AgreementSignature:
    """The party confirms the finalised agreement through the signed link sent to them (本人确认,
    第29条第2款). Logged in, only the party (or their representative) may use their link."""
    payload = _read_token(token)
    agreement, party = agreement_for_token(token)
    if actor is not None and actor.pk not in (party.user_id, party.representative_user_id):
        raise NotPermitted(gettext("该确认链接只能由当事人本人或其代理人使用。"))
    with transaction.atomic(), acting_via(Channel.PORTAL):
        locked = _lock_agreement(None, agreement)
        if locked.finalised_at is None or int(locked.finalised_at.timestamp()) != payload["v"]:
            raise DomainError(gettext("协议内容已修改，该确认链接已失效，请使用新的确认链接。"), code="link_stale")
        _check_signable(locked)
        return _sign_party(locked, party, method=SignatureMethod.LINK, actor=actor)


def sign_as_mediator(*, actor: User, agreement: Agreement) -> Agreement:
    """The mediator signs the agreement (调解员签名, 第29条第2款): a mediator currently on the case."""
    with transaction.atomic():
        locked = _lock_agreement(actor, agreement)
        if _current_mediator(locked.case, actor) is None:
            raise NotPermitted(gettext("只有本案的调解员可以在调解协议上签名。"))
        _check_signable(locked)
        if locked.mediator_signed_at is not None:
            raise DomainError(gettext("调解员已经签过名。"), code="already_signed")
        locked.mediator_signed_at = timezone.now()
        locked.save(update_fields=["mediator_signed_at"])
        note(locked.case, "agreement_mediator_signed", actor=actor, data={"agreement": locked.pk})
        _take_effect_if_complete(locked, actor)
    return locked


def seal_by_committee(*, actor: User, agreement: Agreement) -> Agreement:
    """The committee seals the agreement (加盖人民调解委员会印章, 第29条第2款): its staff or a
    supervisor over it."""
    with transaction.atomic():
        locked = _lock_agreement(actor, agreement, Action.MANAGE)
        _check_signable(locked)
        if locked.committee_sealed_at is not None:
            raise DomainError(gettext("调委会已经盖过章。"), code="already_sealed")
        locked.committee_sealed_at = timezone.now()
        locked.save(update_fields=["committee_sealed_at"])
        note(locked.case, "agreement_sealed", actor=actor, data={"agreement": locked.pk})
        _take_effect_if_complete(locked, actor)
    return locked


def unsigned_parties(agreement: Agreement) -> list[CaseParty]:
    signed = agreement.signatures.values("party_id")
    return list(agreement.case.parties.exclude(pk__in=signed))


def _take_effect_if_complete(agreement: Agreement, actor: User | None) -> None:
    """第29条第2款: effective once every party has signed, the mediator signed and the committee
    sealed. Then the 第33条 window opens and a return visit is scheduled."""
    if agreement.mediator_signed_at is None or agreement.committee_sealed_at is None:
        return
    if unsigned_parties(agreement):
        return
    case = MediationCase.objects.select_for_update().select_related("committee__agency").get(pk=agreement.case_id)
    today = timezone.localdate()
    agreement.status = AgreementStatus.EFFECTIVE
    agreement.effective_on = today
    agreement.save(update_fields=["status", "effective_on"])
    window = int(setting(case, rules.CONFIRMATION_WINDOW_DAYS.key, today))
    case.outcome = Outcome.WRITTEN_AGREEMENT
    case.ended_at = timezone.now()
    case.agreement_effective_on = today
    case.confirmation_window_ends_on = calendar_due(case, today, window)
    case.agreement_amount = agreement.amount
    add_generated_document(case, DocumentKind.AGREEMENT, f"调解协议书（{agreement.number}）", actor)
    visit = schedule_return_visit(case, max(agreement.performance_deadline or today, today))
    transaction.on_commit(functools.partial(store_agreement_pdf.delay, agreement.pk, AgreementStatus.EFFECTIVE.value))
    step(
        case,
        "make_agreement_effective",
        actor=actor,
        data={
            "agreement": agreement.pk,
            "form": AgreementForm.WRITTEN,
            "confirmation_window_ends_on": case.confirmation_window_ends_on.isoformat(),
            "return_visit": visit.pk,
        },
        fields=("outcome", "ended_at", "agreement_effective_on", "confirmation_window_ends_on", "agreement_amount"),
    )


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    """What the agreement's PDF template shows (调解协议书): the committee, the number, the 第29条
    items, the parties (ID numbers masked) and who has signed."""
    case = agreement.case
    signed = {s.party_id: s for s in agreement.signatures.all()}
    presiding = (
        case.mediators.filter(recused_at__isnull=True).select_related("mediator__user").order_by("role", "pk").first()
    )
    return {
        "committee": case.committee.agency.name,
        "case_number": case.number,
        "number": agreement.number or "",
        "status": agreement.get_status_display(),
        "parties": [
            {
                "side": party.get_side_display(),
                "name": party.name,
                "id_number": party.masked_id_number,
                "representative": party.representative_name,
                "signed": party.pk in signed,
                "signed_at": signed[party.pk].signed_at if party.pk in signed else None,
                "method": signed[party.pk].get_method_display() if party.pk in signed else "",
            }
            for party in case.parties.all()
        ],
        "parties_text": agreement.parties_text,
        "facts_and_responsibility": agreement.facts_and_responsibility,
        "terms": agreement.terms,
        "performance_method": agreement.performance_method,
        "performance_place": agreement.performance_place,
        "performance_deadline": agreement.performance_deadline,
        "amount": agreement.amount,
        "mediator": presiding.mediator.user.display_name if presiding is not None else "",
        "mediator_signed_at": agreement.mediator_signed_at,
        "committee_sealed_at": agreement.committee_sealed_at,
        "effective_on": agreement.effective_on,
        "copies": len(case.parties.all()) + 1,  # one for each party, one for the committee (第29条第2款)
    }
