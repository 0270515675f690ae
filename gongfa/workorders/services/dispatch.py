"""Triage and dispatch (分派): which place and which person handle an order, and why.

1. The rule table (DispatchRule) picks the kind of place from topic, service type, special
   groups and the order's region level; the nearest active place of that kind on the way up from
   the order's region is the target. Without a matching rule: the village room when someone staffs
   it, else the township station, else the county centre (first slice's routing).
2. Within the place, the person: skills (posting topics) first, then who is on the duty roster
   now, then the lightest current load, then whoever was assigned least recently (round robin).
Each decision is stored on the order as its reason (为什么派给他).

Concurrency: dispatch_pending locks NEW orders with SKIP LOCKED, so any number of dispatchers
(workers, beat, people) can run at once without assigning an order twice.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongfa.accounts.models import User
from gongfa.core.choices import Channel
from gongfa.core.errors import DomainError, NotPermitted, Problems
from gongfa.core.i18n import in_site_language
from gongfa.core.refcache import reference, reference_lookup
from gongfa.network.choices import PointTier, RegionLevel
from gongfa.network.models import (
    AdvisorAssignment,
    Agency,
    DutyShift,
    Region,
    ServicePoint,
    StaffPosting,
    ancestor_codes,
)
from gongfa.network.selectors import point_has_active_staff
from gongfa.workorders.choices import OPEN_STATUSES, WorkOrderStatus
from gongfa.workorders.models import DispatchRule, WorkOrder
from gongfa.workorders.services.common import lock_for, step
from gongfa.workorders.services.targets import (
    NOT_DISPATCHABLE_ROLES,
    DispatchTargets,
    TargetGroup,
    TargetOption,
    dispatch_targets_for,
)

Place = ServicePoint | Agency


@dataclass(frozen=True)
class Target:
    place: Place
    person: User | None
    reason: str


# The service-point network is reference data: kept per process by (region code, level, kind) and
# invalidated when a region, point or agency changes (gongfa.core.refcache). Read-only objects.
_NETWORK_MODELS = ("network.Region", "network.ServicePoint", "network.Agency")


def nearest_point(region: Region, tier: str) -> ServicePoint | None:
    """The active point of `tier` closest to the region, walking up (deepest region first)."""
    return _nearest_point((region.code, int(region.level), str(tier)))


@reference_lookup("workorders.nearest_point", models=_NETWORK_MODELS)
def _nearest_point(key: tuple[str, int, str]) -> ServicePoint | None:
    code, level, tier = key
    candidates = ServicePoint.objects.filter(region__code__in=[*ancestor_codes(code, level), code], tier=tier)
    return candidates.filter(is_active=True).select_related("region").order_by("-region__level").first()


def nearest_agency(region: Region, kind: str) -> Agency | None:
    return _nearest_agency((region.code, int(region.level), str(kind)))


@reference_lookup("workorders.nearest_agency", models=_NETWORK_MODELS)
def _nearest_agency(key: tuple[str, int, str]) -> Agency | None:
    code, level, kind = key
    candidates = Agency.objects.filter(region__code__in=[*ancestor_codes(code, level), code], kind=kind, is_active=True)
    return candidates.select_related("region").order_by("-region__level", "pk").first()


def county_centre(region: Region) -> ServicePoint | None:
    """The dispatch desk for an order: the county centre above its region (or the nearest centre)."""
    return _county_centre((region.code, int(region.level)))


@reference_lookup("workorders.county_centre", models=_NETWORK_MODELS)
def _county_centre(key: tuple[str, int]) -> ServicePoint | None:
    code, level = key
    centres = ServicePoint.objects.filter(
        region__code__in=[*ancestor_codes(code, level), code], tier=PointTier.CENTRE, is_active=True
    ).select_related("region")
    by_level = {point.region.level: point for point in centres}
    for wanted in (RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE):
        if wanted in by_level:
            return by_level[wanted]
    return None


@reference("workorders.dispatch_rules", models=("workorders.DispatchRule",))
def active_dispatch_rules() -> tuple[DispatchRule, ...]:
    """The active rules in the order they are tried, kept per process: read-only."""
    return tuple(DispatchRule.objects.filter(is_active=True).order_by("priority", "pk"))


def _rule_matches(rule: DispatchRule, order: WorkOrder) -> bool:
    if rule.topic_id and rule.topic_id != order.topic_id:
        return False
    if rule.service_type_id and rule.service_type_id != order.service_type_id:
        return False
    if rule.special_groups and not (rule.special_groups & order.special_groups):
        return False
    return not (rule.region_level and rule.region_level != order.region.level)


def _default_place(order: WorkOrder) -> tuple[Place, str]:
    region = order.region
    if region.level == RegionLevel.VILLAGE:
        room = nearest_point(region, PointTier.ROOM)
        if room is not None and room.region_id == region.pk and point_has_active_staff(room):
            return room, gettext("就近派至{name}").format(name=room.name)
        station = nearest_point(region, PointTier.STATION)
        if station is not None:
            if room is not None:
                why = gettext("{region}无在岗人员，转由{station}承办")
            else:
                why = gettext("{region}未设工作室，转由{station}承办")
            return station, why.format(region=region.name, station=station.name)
    elif region.level == RegionLevel.TOWNSHIP:
        station = nearest_point(region, PointTier.STATION)
        if station is not None:
            return station, gettext("就近派至{name}").format(name=station.name)
    centre = county_centre(region)
    if centre is not None:
        return centre, gettext("派至{name}").format(name=centre.name)
    raise DomainError(
        gettext("{name}所在地区尚未设立公共法律服务点，暂不能受理。").format(name=region.name), code="no_service_point"
    )


def resolve_place(order: WorkOrder) -> tuple[Place, str]:
    """Where the order should go, with the reason (rule table first, then the default routing)."""
    for rule in active_dispatch_rules():
        if not _rule_matches(rule, order):
            continue
        place: Place | None
        if rule.target_point_tier:
            place = nearest_point(order.region, rule.target_point_tier)
        else:
            place = nearest_agency(order.region, rule.target_agency_kind)
        if place is not None and place.is_active:
            return place, gettext("按分派规则“{rule}”派至{name}").format(rule=rule.name, name=place.name)
    return _default_place(order)


def _candidates(place: Place, exclude: set[int]) -> list[User]:
    postings = StaffPosting.objects.filter(is_active=True, user__is_active=True).exclude(
        role__in=NOT_DISPATCHABLE_ROLES
    )
    if isinstance(place, ServicePoint):
        postings = postings.filter(point=place)
        user_ids = set(postings.values_list("user_id", flat=True))
        if place.tier == PointTier.ROOM:
            user_ids |= set(
                AdvisorAssignment.objects.filter(
                    village_id=place.region_id, is_active=True, advisor__is_active=True
                ).values_list("advisor_id", flat=True)
            )
    else:
        user_ids = set(postings.filter(agency=place).values_list("user_id", flat=True))
    user_ids -= exclude
    return list(User.objects.filter(pk__in=user_ids))


def choose_person(order: WorkOrder, place: Place, now: datetime.datetime | None = None) -> tuple[User | None, str]:
    """The person at `place` who should take the order, and why (a bounded number of queries)."""
    now = now or timezone.now()
    exclude = {order.complained_user_id} if order.complained_user_id else set()
    people = _candidates(place, exclude)
    if not people:
        return None, gettext("该单位暂无可派人员，由单位统一受理")
    ids = [person.pk for person in people]
    skilled: set[int] = set()
    if order.topic_id:
        topic_code = order.topic.code if order.topic else ""
        posting_filter = Q(point=place) if isinstance(place, ServicePoint) else Q(agency=place)
        for user_id, topics in StaffPosting.objects.filter(posting_filter, user_id__in=ids, is_active=True).values_list(
            "user_id", "topics"
        ):
            if topic_code in (topics or []):
                skilled.add(user_id)
    on_duty: set[int] = set()
    if isinstance(place, ServicePoint):
        local = timezone.localtime(now)
        on_duty = set(
            DutyShift.objects.filter(
                point=place,
                user_id__in=ids,
                date=local.date(),
                starts_at__lte=local.time(),
                ends_at__gt=local.time(),
            ).values_list("user_id", flat=True)
        )
    stats = {
        row["owner_user"]: row
        for row in WorkOrder.objects.filter(owner_user_id__in=ids)
        .values("owner_user")
        .annotate(load=Count("pk", filter=Q(status__in=OPEN_STATUSES)), last=Max("assigned_at"))
    }
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)

    def key(person: User) -> tuple[bool, bool, int, datetime.datetime, int]:
        row = stats.get(person.pk, {})
        return (
            person.pk not in skilled,
            person.pk not in on_duty,
            int(row.get("load") or 0),
            row.get("last") or epoch,
            person.pk,
        )

    chosen = min(people, key=key)
    row = stats.get(chosen.pk, {})
    parts = []
    if chosen.pk in skilled and order.topic is not None:
        parts.append(gettext("擅长{topic}").format(topic=order.topic.name))
    if chosen.pk in on_duty:
        parts.append(gettext("正在值班"))
    parts.append(gettext("在办 {count} 件").format(count=int(row.get("load") or 0)))
    if len(people) > 1:
        parts.append(gettext("在 {count} 名人员中轮派").format(count=len(people)))
    return chosen, gettext("派给{name}（{why}）").format(name=chosen.display_name, why=gettext("，").join(parts))


def _apply_dispatch(
    order: WorkOrder,
    target: Target,
    *,
    actor: User | None,
    channel: str,
    action: str = "dispatch",
    reason: str = "",
) -> None:
    """Set the new owner and apply the transition (order already locked by the caller)."""
    now = timezone.now()
    previous = order.owner_place_name
    owner_fields = order.set_owner(target.place, target.person)
    order.routing_reason = target.reason[:500]
    order.assigned_at = now
    order.manual_dispatch = False
    if order.first_owner_point_id is None and order.owner_point is not None:
        order.first_owner_point = order.owner_point
    if order.first_owner_user_id is None and target.person is not None:
        order.first_owner_user = target.person
    step(
        order,
        action,
        actor=actor,
        channel=channel,
        reason=reason or target.reason,
        data={
            "from": previous,
            "to": target.place.name,
            "to_person": target.person.pk if target.person else None,
            "why": target.reason,
        },
        fields=(
            *owner_fields,
            "routing_reason",
            "assigned_at",
            "manual_dispatch",
            "first_owner_point",
            "first_owner_user",
        ),
    )


def auto_target(order: WorkOrder) -> Target:
    place, place_reason = resolve_place(order)
    person, person_reason = choose_person(order, place)
    return Target(place, person, f"{place_reason}；{person_reason}")


# The reasons stored on the order and its events are written in the site's language, whoever
# caused the dispatch; suggest_target (shown before registering) speaks the page's.
_stored_target = in_site_language(auto_target)
_stored_person = in_site_language(choose_person)


def dispatch_automatically(order: WorkOrder, *, channel: str = Channel.SYSTEM) -> WorkOrder:
    """Dispatch one NEW order by the rules (the caller holds the row lock or just created it)."""
    _apply_dispatch(order, _stored_target(order), actor=None, channel=channel)
    return order


def _validate_target(place: Place, person: User | None) -> None:
    if not place.is_active:
        raise DomainError(
            gettext("“{name}”已停用，不能派单。").format(name=place.name), code="inactive_place", field="place"
        )
    if person is None:
        return
    if not person.is_active:
        raise DomainError(
            gettext("{display_name} 的账号已停用，不能派单给他。").format(display_name=person.display_name),
            code="inactive_person",
            field="person",
        )
    posting = Q(point=place) if isinstance(place, ServicePoint) else Q(agency=place)
    posted = StaffPosting.objects.filter(posting, user=person, is_active=True).exists()
    advisor = (
        isinstance(place, ServicePoint)
        and place.tier == PointTier.ROOM
        and AdvisorAssignment.objects.filter(advisor=person, village_id=place.region_id, is_active=True).exists()
    )
    if not (posted or advisor):
        raise DomainError(
            gettext("{display_name} 不在“{name}”在岗，不能派单给他。").format(
                display_name=person.display_name, name=place.name
            ),
            code="person_not_posted",
            field="person",
        )


HAND_OVER_REASON = {"dispatch": _("人工派单须填写原因。"), "transfer": _("转办须填写原因。")}


def check_hand_over(
    *, order: WorkOrder, action: str, place: Place | None, person: User | None = None, reason: str = ""
) -> None:
    """A manual dispatch's or transfer's target and reason (派单/转办), every problem at once;
    writes nothing. place None: none was chosen."""
    problems = Problems()
    if not (reason or "").strip():
        problems.add("reason", HAND_OVER_REASON[action], code="reason_required")
    if place is None:
        problems.add("place", gettext("请选择承办服务点或机构。"), code="required")
    else:
        with problems.check():
            _validate_target(place, person)
        current = order.owner_point if isinstance(place, ServicePoint) else order.owner_agency
        if action == "transfer" and current is not None and current.pk == place.pk:
            problems.add("place", gettext("不能转办给当前承办单位，请选择其他服务点或机构。"), code="same_place")
    problems.raise_if_any()


def dispatch_work_order(
    *,
    order: WorkOrder,
    actor: User,
    place: Place,
    person: User | None = None,
    reason: str = "",
    channel: str = Channel.WORKBENCH,
) -> WorkOrder:
    """Dispatch by hand (人工派单) with a reason."""
    with transaction.atomic():
        locked = lock_for(actor, order)
        check_hand_over(order=locked, action="dispatch", place=place, person=person, reason=reason)
        if person is None:
            person, person_reason = _stored_person(locked, place)
        else:
            person_reason = f"指定{person.display_name}"
        target = Target(place, person, f"{actor.display_name}人工派单：{reason.strip()}；{person_reason}")
        _apply_dispatch(locked, target, actor=actor, channel=channel, reason=reason.strip())
    return locked


def transfer_work_order(
    *,
    order: WorkOrder,
    actor: User,
    place: Place,
    person: User | None = None,
    reason: str,
    channel: str = Channel.WORKBENCH,
) -> WorkOrder:
    """Hand the order to another point or agency (转办), also across regions."""
    with transaction.atomic():
        locked = lock_for(actor, order)
        check_hand_over(order=locked, action="transfer", place=place, person=person, reason=reason)
        if person is None:
            person, person_reason = _stored_person(locked, place)
        else:
            person_reason = f"指定{person.display_name}"
        target = Target(place, person, f"{actor.display_name}转办：{reason.strip()}；{person_reason}")
        _apply_dispatch(locked, target, actor=actor, channel=channel, action="transfer", reason=reason.strip())
    return locked


# ---------------------------------------------------------------------------------------------
# The hotline desk (issue #16): the suggestion before registering, the places an agent may send
# an order to, the recipient chosen at registration and the registering agent's redirect (改派).


def draft_order(
    *,
    region: Region,
    text: str = "",
    topic: Any = None,
    service_type: Any = None,
    special_groups: int = 0,
) -> WorkOrder:
    """An unsaved order with what the form knows, to ask suggest_target before registering; the
    topic is guessed from the text as intake would."""
    if topic is None and text.strip():
        from gongfa.workorders.classify import classify_topic

        topic = classify_topic(text).topic
    return WorkOrder(region=region, topic=topic, service_type=service_type, special_groups=special_groups)


def suggest_target(order: WorkOrder) -> Target | None:
    """Where the automatic dispatch would send `order` (saved or a draft_order), with the person and
    why, without dispatching anything; None when its region has no service point."""
    try:
        return auto_target(order)
    except DomainError:
        return None


INTAKE_FIELDS = {"place": "dispatch_to", "person": "dispatch_person"}


def check_intake_target(place: Place | None, person: User | None) -> None:
    """The recipient chosen in "派给…" (None: the automatic dispatch), refused on the intake form's
    own fields; writes nothing."""
    if place is None:
        return
    problems = Problems()
    try:
        _validate_target(place, person)
    except DomainError as exc:
        for problem in exc.problems:
            problems.add(INTAKE_FIELDS.get(problem.field or "", problem.field), problem.message, code=problem.code)
    problems.raise_if_any()


def dispatch_at_intake(
    *, order: WorkOrder, actor: User, place: Place, person: User | None = None, channel: str = Channel.HOTLINE
) -> WorkOrder:
    """Send a just-registered NEW order to the recipient the agent chose in "派给…" (the caller
    holds the order: it was created in the same transaction). The suggestion taken unchanged is
    an automatic dispatch with its own reason; another choice records that the agent chose it."""
    check_intake_target(place, person)
    suggested = in_site_language(suggest_target)(order)
    if suggested is not None and suggested.place == place and person in (None, suggested.person):
        _apply_dispatch(order, suggested, actor=actor, channel=channel)
        return order
    if person is None:
        person, person_reason = _stored_person(order, place)
    else:
        person_reason = f"指定{person.display_name}"
    target = Target(place, person, f"{actor.display_name}登记时选择派至{place.name}；{person_reason}")
    _apply_dispatch(order, target, actor=actor, channel=channel)
    return order


REDIRECTABLE = (WorkOrderStatus.NEW, WorkOrderStatus.ASSIGNED)


def registered_by(order: WorkOrder, user: User) -> bool:
    """Whether `user` registered the order (its first owner at intake, or the submit event's actor)."""
    if not user.is_platform_staff:
        return False
    if order.first_owner_user_id == user.pk and order.channel in {
        Channel.HOTLINE,
        Channel.WINDOW,
        Channel.VILLAGE_ROOM,
    }:
        return True
    from django.contrib.contenttypes.models import ContentType

    from gongfa.audit.models import Event

    return Event.objects.filter(
        subject_type=ContentType.objects.get_for_model(WorkOrder),
        subject_id=str(order.pk),
        verb="workorders.workorder.submit",
        actor=user,
    ).exists()


def can_redirect(order: WorkOrder, user: User) -> bool:
    """改派: the agent who registered the order may send it elsewhere until someone accepts it."""
    return order.status in REDIRECTABLE and registered_by(order, user)


def check_redirect(*, order: WorkOrder, by: User, place: Place | None, person: User | None, reason: str) -> None:
    """Every problem with a redirect at once; writes nothing."""
    if not registered_by(order, by):
        raise NotPermitted(gettext("只有登记该工单的坐席可以改派。"))
    problems = Problems()
    if order.status not in REDIRECTABLE:
        problems.add("place", gettext("工单已被受理，不能再改派；请联系承办单位转办。"), code="already_accepted")
    if not (reason or "").strip():
        problems.add("reason", gettext("改派须填写原因。"), code="reason_required")
    if place is None:
        problems.add("place", gettext("请选择承办服务点或机构。"), code="required")
    else:
        with problems.check():
            _validate_target(place, person)
        current = order.owner_point if isinstance(place, ServicePoint) else order.owner_agency
        if (
            order.status == WorkOrderStatus.ASSIGNED
            and current is not None
            and current.pk == place.pk
            and (person is None or person.pk == order.owner_user_id)
        ):
            problems.add("place", gettext("工单已在该单位，请选择其他服务点、机构或承办人。"), code="same_place")
    problems.raise_if_any()


def redirect_registered_order(
    order: WorkOrder,
    by: User,
    target: Place | None,
    reason: str,
    *,
    person: User | None = None,
    channel: str = Channel.WORKBENCH,
) -> WorkOrder:
    """改派: the registering agent sends an order they mis-routed to another place (or person)
    while it is not yet accepted (待分派/待受理). Writes the "redirect" transition with the reason."""
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update(of=("self",)).filter(pk=order.pk).first()
        if locked is None:
            raise NotPermitted(gettext("您无权处理该工单，或工单不存在。"))
        check_redirect(order=locked, by=by, place=target, person=person, reason=reason)
        assert target is not None
        if person is None:
            person, person_reason = _stored_person(locked, target)
        else:
            person_reason = f"指定{person.display_name}"
        why = f"{by.display_name}改派：{reason.strip()}；{person_reason}"
        _apply_dispatch(
            locked, Target(target, person, why), actor=by, channel=channel, action="redirect", reason=reason.strip()
        )
    return locked


__all__ = [
    "DispatchTargets",
    "Target",
    "TargetGroup",
    "TargetOption",
    "can_redirect",
    "check_hand_over",
    "check_intake_target",
    "check_redirect",
    "dispatch_at_intake",
    "dispatch_targets_for",
    "dispatch_work_order",
    "draft_order",
    "redirect_registered_order",
    "suggest_target",
    "transfer_work_order",
]
