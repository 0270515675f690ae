"""Mediator grading (人民调解员等级评定, practice.md §a): proposed with the evidence computed from
the data (only the next grade, only when its thresholds are met), published for comment (公示)
for the region's publicity days, then granted – after the publicity period, by the body of the
level the region names for the grade (咸宁: the city 一级、二级, the county 三级、四级) – or not;
a granted grade may be withdrawn (撤销).

Who proposes and publicises: the justice bureau over the mediator's committee (see
organisation.manages_region). Who grants, rejects and withdraws: a user supervising, or posted
at a justice bureau of, a region of the granting level (rules.GRANTING_LEVEL) that contains the
committee's region. An administrator without such a posting is not a granting body.

Status changes of a GradeAward go through the table below and audit.services.transition (one
event each); the mediator's grade changes with them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.audit.services import record_event, transition
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.mediation import rules
from gongfa.mediation.choices import GradeAwardStatus, MediatorGrade
from gongfa.mediation.grading import grade_below, grading_evidence, next_grade, thresholds, unmet
from gongfa.mediation.models import GradeAward, Mediator
from gongfa.mediation.services.organisation import require_region_manager
from gongfa.mediation.states import GRADE_AWARD
from gongfa.network.choices import AgencyKind, RegionLevel
from gongfa.network.models import Region, StaffPosting
from gongfa.network.selectors import region_setting
from gongfa.workdays.services import deadline_for_region

CHANNEL = Channel.WORKBENCH
_G = GradeAwardStatus
OPEN_AWARD_STATUSES = (_G.PROPOSED, _G.PUBLICISED)

_LEVELS = {"province": RegionLevel.PROVINCE, "city": RegionLevel.CITY, "county": RegionLevel.COUNTY}


def _region_of(mediator: Mediator) -> Region:
    region: Region = mediator.committee.agency.region
    return region


def granting_level(grade: str, region: Region, on: datetime.date | None = None) -> RegionLevel:
    """The level of the body that grants `grade` for a committee in `region` (rules.GRANTING_LEVEL)."""
    return _LEVELS[str(region_setting(region, rules.GRANTING_LEVEL[grade].key, on))]


def granting_region(grade: str, region: Region, on: datetime.date | None = None) -> Region:
    """The region (of the granting level) containing `region` whose body grants `grade`."""
    level = granting_level(grade, region, on)
    found = Region.objects.filter(code__in=[*region.ancestor_codes(), region.code], level=level).first()
    if found is None:
        raise DomainError(
            gettext("找不到“{name}”所属的{label}级区划，无法确定{label2}的评定机关。").format(
                name=region.name, label=level.label, label2=MediatorGrade(grade).label
            ),
            code="no_granting_region",
        )
    return found


def acts_for_granting_body(actor: User | None, granting: Region) -> bool:
    """Whether `actor` supervises `granting` or is posted at its justice bureau (an active posting
    whose region is exactly the granting region: the level the setting names)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    postings = StaffPosting.objects.filter(user=actor, is_active=True).select_related("point__region", "agency__region")
    for posting in postings:
        supervising = posting.role == Role.SUPERVISOR or actor.role == Role.SUPERVISOR
        at_bureau = posting.agency is not None and posting.agency.kind == AgencyKind.JUSTICE_BUREAU
        if (supervising or at_bureau) and posting.region.pk == granting.pk:
            return True
    return False


def _require_granting_body(actor: User | None, award: GradeAward, verb: str) -> None:
    granting = award.granting_region
    if not acts_for_granting_body(actor, granting):
        raise NotPermitted(
            gettext("{label}调解员由{name}（{label2}级）评定机关{verb}；您不是该级评定机关的人员，不能{verb}。").format(
                label=MediatorGrade(award.grade).label,
                name=granting.name,
                label2=RegionLevel(granting.level).label,
                verb=verb,
            ),
            code="wrong_level",
        )


def _lock_award(award: GradeAward) -> GradeAward:
    return GradeAward.objects.select_for_update().select_related("mediator__committee__agency__region").get(pk=award.pk)


def _step(
    award: GradeAward,
    action: str,
    *,
    actor: User | None,
    reason: str = "",
    fields: tuple[str, ...] = (),
    data: dict[str, Any] | None = None,
) -> None:
    transition(
        award,
        GRADE_AWARD,
        action,
        actor=actor,
        channel=CHANNEL,
        reason=reason,
        data={"mediator_id": award.mediator_id, "grade": award.grade, **(data or {})},
        region=_region_of(award.mediator),
        extra_update_fields=fields,
    )


def propose_grade(*, actor: User | None, mediator: Mediator, grade: str) -> GradeAward:
    """Propose `grade` for the mediator (拟评定): only the grade next above the current one, only
    when the evidence meets every threshold of the region (practice.md §a) – otherwise refused with
    every unmet threshold. The evidence and the thresholds are stored with the award."""
    require_region_manager(actor, _region_of(mediator))
    today = timezone.localdate()
    if grade not in MediatorGrade.values or grade == MediatorGrade.NONE:
        raise DomainError(gettext("评定等级不正确。"), code="invalid_grade", field="grade")
    with transaction.atomic():
        # The mediator's row stays locked until the award exists: two proposals cannot cross.
        locked = (
            Mediator.objects.select_for_update(of=("self",))
            .select_related("user", "committee__agency__region")
            .get(pk=mediator.pk)
        )
        region = _region_of(locked)
        problems = Problems()
        expected = next_grade(locked.grade)
        if expected is None:
            problems.add("grade", gettext("该调解员已是一级调解员，没有更高的等级。"), code="highest_grade")
        elif grade != expected:
            problems.add(
                "grade",
                gettext("该调解员现为{label}，只能评定高一级的{label2}，不能评定{label3}。").format(
                    label=MediatorGrade(locked.grade).label,
                    label2=MediatorGrade(expected).label,
                    label3=MediatorGrade(grade).label,
                ),
                code="not_next_grade",
            )
        if GradeAward.objects.filter(mediator=locked, status__in=OPEN_AWARD_STATUSES).exists():
            problems.add(None, gettext("该调解员已有正在进行的等级评定，须先授予或不予授予。"), code="open_award")
        problems.raise_if_any()
        evidence = grading_evidence(locked, today)
        limits = thresholds(grade, region, today)
        for message in unmet(evidence, grade, limits):
            problems.add(
                "grade",
                gettext("未达到{label}评定条件：{message}").format(label=MediatorGrade(grade).label, message=message),
                code="threshold_unmet",
            )
        with problems.check():
            granting = granting_region(grade, region, today)
        problems.raise_if_any()
        award = GradeAward.objects.create(
            mediator=locked,
            grade=grade,
            granting_region=granting,
            evidence={"evidence": evidence.as_dict(), "thresholds": limits},
            proposed_by=actor,
        )
        record_event(
            award,
            "mediation.gradeaward.propose",
            actor=actor,
            channel=CHANNEL,
            to_status=award.status,
            data={"mediator_id": locked.pk, "grade": grade, "granting_region": granting.code},
            region=region,
        )
    return award


def publicise(*, actor: User | None, award: GradeAward, starts_on: datetime.date | None = None) -> GradeAward:
    """Publish the proposed grading for comment (公示) for the region's publicity days
    (rules.PUBLICITY_DAYS), counted as the region counts days."""
    region = _region_of(award.mediator)
    require_region_manager(actor, region)
    today = timezone.localdate()
    starts_on = starts_on or today
    if starts_on < today:
        raise DomainError(gettext("公示起始日不能早于今天。"), code="past_date", field="starts_on")
    days = int(region_setting(region, rules.PUBLICITY_DAYS.key, starts_on))
    # Counted like every period on the platform (the start day is not counted; a last day that is a
    # holiday moves on, in the region's day-count mode): seven days from Monday 23rd end on the 30th.
    ends_on = deadline_for_region(region, starts_on, days).due
    with transaction.atomic():
        locked = _lock_award(award)
        locked.publicity_starts_on = starts_on
        locked.publicity_ends_on = ends_on
        _step(
            locked,
            "publicise",
            actor=actor,
            fields=("publicity_starts_on", "publicity_ends_on"),
            data={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(), "days": days},
        )
    return locked


def grant(*, actor: User | None, award: GradeAward) -> GradeAward:
    """Grant the grade (授予): only after the publicity period has ended, only by the body of the
    granting level; the mediator's grade becomes the award's."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = _lock_award(award)
        _require_granting_body(actor, locked, gettext("授予"))
        GRADE_AWARD.get(locked.status, "grant")
        mediator = Mediator.objects.select_for_update().get(pk=locked.mediator_id)
        problems = Problems()
        if locked.publicity_ends_on is None or today <= locked.publicity_ends_on:
            problems.add(
                None,
                gettext("公示期至{publicity_ends_on}届满，届满后方可授予等级。").format(
                    publicity_ends_on=locked.publicity_ends_on
                ),
                code="publicity_not_over",
            )
        if not mediator.is_active:
            problems.add(
                None, gettext("该调解员已不在岗，不能授予等级（基本条件）；可决定不予授予。"), code="inactive_mediator"
            )
        if next_grade(mediator.grade) != locked.grade:
            problems.add(
                None,
                gettext("该调解员现为{label}，不能授予{label2}。").format(
                    label=MediatorGrade(mediator.grade).label, label2=MediatorGrade(locked.grade).label
                ),
                code="grade_changed",
            )
        problems.raise_if_any()
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        _step(locked, "grant", actor=actor, fields=("decided_by", "decided_at"))
        mediator.grade = locked.grade
        mediator.grade_since = today
        mediator.save(update_fields=["grade", "grade_since"])
    return locked


def reject(*, actor: User | None, award: GradeAward, reason: str) -> GradeAward:
    """Do not grant the proposed grade (不予授予: an objection during publicity held good, or the
    body finds the conditions unmet): by the body of the granting level, with the reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = _lock_award(award)
        _require_granting_body(actor, locked, gettext("决定不予授予"))
        if len(reason) > 255:
            raise DomainError(gettext("原因不能超过 255 个字。"), code="too_long", field="reason")
        locked.reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        _step(locked, "reject", actor=actor, reason=reason, fields=("reason", "decided_by", "decided_at"))
    return locked


def withdraw_grade(*, actor: User | None, mediator: Mediator, reason: str) -> GradeAward:
    """Withdraw the mediator's grade (撤销): the granted award becomes withdrawn with the reason
    and the mediator returns to the grade below (or none). By the body that grants that grade."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked_mediator = (
            Mediator.objects.select_for_update(of=("self",))
            .select_related("committee__agency__region")
            .get(pk=mediator.pk)
        )
        if locked_mediator.grade == MediatorGrade.NONE:
            raise DomainError(gettext("该调解员没有等级，无可撤销。"), code="no_grade")
        award = (
            GradeAward.objects.filter(mediator=locked_mediator, grade=locked_mediator.grade, status=_G.GRANTED)
            .order_by("-decided_at", "-pk")
            .first()
        )
        if award is None:
            raise DomainError(
                gettext("找不到该调解员{label}的授予记录，无法撤销。").format(
                    label=MediatorGrade(locked_mediator.grade).label
                ),
                code="no_award",
            )
        award = _lock_award(award)
        _require_granting_body(actor, award, gettext("撤销"))
        if not reason:
            raise DomainError(gettext("撤销等级须填写原因。"), code="reason_required", field="reason")
        if len(reason) > 255:
            raise DomainError(gettext("原因不能超过 255 个字。"), code="too_long", field="reason")
        award.reason = reason
        _step(award, "withdraw", actor=actor, reason=reason, fields=("reason",))
        below = grade_below(locked_mediator.grade)
        previous = (
            GradeAward.objects.filter(mediator=locked_mediator, grade=below, status=_G.GRANTED)
            .order_by("-decided_at", "-pk")
            .first()
        )
        locked_mediator.grade = below
        locked_mediator.grade_since = (
            timezone.localdate(previous.decided_at) if previous is not None and previous.decided_at else None
        )
        locked_mediator.save(update_fields=["grade", "grade_since"])
    mediator.refresh_from_db(fields=["grade", "grade_since"])
    return award
