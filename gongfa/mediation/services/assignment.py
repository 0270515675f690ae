"""Mediators on a case (《人民调解法》第19条: designated by the committee or chosen by the parties, one
or several; Mediation Provisions ◐: one presides), and recusal (回避: on a party's request or the
mediator's own declaration; the presiding mediator is replaced — Mediation Provisions ◐, consistent
with the party's right to choose or accept a mediator, 第23条第(一)项).

Checked for every mediator named (第15条's conflict checklist, as far as the data tells): of this
committee, active, not a party or a party's representative on this case, not one who recused from
this case earlier, not named twice. The committee's staff or a supervisor act (MANAGE).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError, Problems
from gongfa.mediation.choices import MediatorRole, RecusalBasis
from gongfa.mediation.models import CaseMediator, MediationCase, Mediator
from gongfa.mediation.selectors import Action
from gongfa.mediation.services.common import lock_for, require_text, step
from gongfa.mediation.states import MEDIATION


def _mediator_problems(case: MediationCase, mediator: Mediator | None, field: str, problems: Problems) -> None:
    if mediator is None:
        problems.add(field, gettext("请选择调解员。"), code="required")
        return
    name = str(mediator)
    if mediator.committee_id != case.committee_id:
        problems.add(
            field, gettext("调解员{name}不属于本调委会，不能指定其调解本案。").format(name=name), code="other_committee"
        )
    if not mediator.is_active or not mediator.user.is_active:
        problems.add(field, gettext("调解员{name}已不在岗，不能指定。").format(name=name), code="inactive_mediator")
    if case.mediators.filter(mediator=mediator, recused_at__isnull=False).exists():
        problems.add(
            field,
            gettext("调解员{name}已在本案中回避，不能再指定其调解本案。").format(name=name),
            code="recused_mediator",
        )
    party_accounts = set()
    for user_id, representative_id in case.parties.values_list("user_id", "representative_user_id"):
        party_accounts |= {user_id, representative_id}
    if mediator.user_id in party_accounts - {None}:
        problems.add(
            field,
            gettext("调解员{name}是本案当事人或代理人，应当回避。").format(name=name),
            code="conflict_of_interest",
        )


def _check_distinct(named: list[tuple[str, Mediator | None]], problems: Problems) -> None:
    seen: set[int] = set()
    for field, mediator in named:
        if mediator is None:
            continue
        if mediator.pk in seen:
            problems.add(
                field, gettext("调解员{mediator}重复指定。").format(mediator=mediator), code="duplicate_mediator"
            )
        seen.add(mediator.pk)


def _summary(case: MediationCase) -> dict[str, object]:
    current = list(case.mediators.filter(recused_at__isnull=True).select_related("mediator"))
    return {
        "presiding": next((m.mediator_id for m in current if m.role == MediatorRole.PRESIDING), None),
        "mediator_users": [m.mediator.user_id for m in current],
    }


def assign_mediators(
    *,
    actor: User,
    case: MediationCase,
    presiding: Mediator | None,
    assisting: Sequence[Mediator] = (),
    chosen_by_parties: bool = False,
) -> list[CaseMediator]:
    """指定调解员 (第19条): ACCEPTED → MEDIATOR_ASSIGNED, one presiding and any assisting mediators,
    designated by the committee or chosen by the parties (chosen_by_parties)."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        MEDIATION.get(locked.status, "assign_mediator")  # out of order: refused before anything else
        problems = Problems()
        named: list[tuple[str, Mediator | None]] = [("presiding", presiding)]
        named += [(f"assisting.{index}", mediator) for index, mediator in enumerate(assisting)]
        for field, mediator in named:
            _mediator_problems(locked, mediator, field, problems)
        _check_distinct(named, problems)
        problems.raise_if_any()
        assert presiding is not None
        now = timezone.now()
        created = [
            CaseMediator.objects.create(
                case=locked,
                mediator=mediator,
                role=MediatorRole.PRESIDING if index == 0 else MediatorRole.ASSISTING,
                chosen_by_parties=bool(chosen_by_parties),
                assigned_by=actor,
                assigned_at=now,
            )
            for index, (_, mediator) in enumerate(named)
            if mediator is not None
        ]
        step(
            locked,
            "assign_mediator",
            actor=actor,
            data={**_summary(locked), "chosen_by_parties": bool(chosen_by_parties)},
        )
    return created


def add_mediator(
    *, actor: User, case: MediationCase, mediator: Mediator | None, chosen_by_parties: bool = False
) -> CaseMediator:
    """增加调解员 (第19条: one or several mediators): an assisting mediator joins a case already in
    hand. The table returns the case to MEDIATOR_ASSIGNED; start_mediation resumes it with its
    clock unchanged."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        MEDIATION.get(locked.status, "add_mediator")
        problems = Problems()
        _mediator_problems(locked, mediator, "mediator", problems)
        if mediator is not None and locked.mediators.filter(mediator=mediator, recused_at__isnull=True).exists():
            problems.add(
                "mediator", gettext("调解员{mediator}已在本案中。").format(mediator=mediator), code="duplicate_mediator"
            )
        problems.raise_if_any()
        assert mediator is not None
        added = CaseMediator.objects.create(
            case=locked,
            mediator=mediator,
            role=MediatorRole.ASSISTING,
            chosen_by_parties=bool(chosen_by_parties),
            assigned_by=actor,
        )
        step(locked, "add_mediator", actor=actor, data={**_summary(locked), "added": mediator.pk})
    return added


def recuse_mediator(
    *,
    actor: User,
    case: MediationCase,
    case_mediator: CaseMediator,
    basis: str,
    reason: str,
    replacement: Mediator | None = None,
) -> CaseMediator | None:
    """回避: the mediator steps aside on a party's request or by declaration, with the reason. The
    presiding mediator must be replaced in the same act (Mediation Provisions ◐); the replacement
    may be a mediator already assisting on the case, who then presides. Returns the replacement's
    place on the case (None when an assisting mediator left without one)."""
    with transaction.atomic():
        locked = lock_for(actor, case, Action.MANAGE)
        MEDIATION.get(locked.status, "replace_mediator")
        problems = Problems()
        current = (
            CaseMediator.objects.select_for_update()
            .select_related("mediator__user")
            .filter(pk=case_mediator.pk, case=locked)
            .first()
        )
        if current is None:
            raise DomainError(gettext("该调解员不在本案中。"), code="unknown_mediator", field="case_mediator")
        if current.recused_at is not None:
            problems.add(
                "case_mediator",
                gettext("调解员{mediator}已经回避。").format(mediator=current.mediator),
                code="already_recused",
            )
        if basis not in RecusalBasis.values:
            problems.add("basis", gettext("请选择回避方式（当事人申请或调解员自行回避）。"), code="invalid_basis")
        text = ""
        with problems.check():
            text = require_text(reason, field="reason", label=gettext("回避理由"), max_chars=255)
        presiding = current.role == MediatorRole.PRESIDING
        promoted: CaseMediator | None = None
        if replacement is None:
            if presiding:
                problems.add(
                    "replacement", gettext("主持调解员回避的，须同时指定接替的调解员。"), code="replacement_required"
                )
        elif replacement.pk == current.mediator_id:
            problems.add("replacement", gettext("接替的调解员不能是回避的调解员本人。"), code="same_mediator")
        else:
            promoted = locked.mediators.filter(mediator=replacement, recused_at__isnull=True).first()
            _mediator_problems(locked, replacement, "replacement", problems)
            if promoted is not None and not presiding:
                problems.add(
                    "replacement",
                    gettext("调解员{replacement}已在本案中。").format(replacement=replacement),
                    code="duplicate_mediator",
                )
        problems.raise_if_any()
        now = timezone.now()
        current.recused_at = now
        current.recusal_basis = basis
        current.recusal_reason = text
        current.save(update_fields=["recused_at", "recusal_basis", "recusal_reason"])
        placed: CaseMediator | None = None
        if replacement is not None:
            if promoted is not None:
                promoted.role = MediatorRole.PRESIDING
                promoted.save(update_fields=["role"])
                placed = promoted
            else:
                placed = CaseMediator.objects.create(
                    case=locked,
                    mediator=replacement,
                    role=current.role,
                    assigned_by=actor,
                    assigned_at=now,
                )
        step(
            locked,
            "replace_mediator",
            actor=actor,
            reason=text,
            data={
                **_summary(locked),
                "recused": current.mediator_id,
                "basis": basis,
                "replacement": replacement.pk if replacement is not None else None,
            },
        )
    return placed
