"""Rule-of-law culture sites (法治文化阵地, 《法治宣传教育法》第52条: the public directory) and
schools with their rule-of-law vice-principals (法治副校长).

Each service checks every input first and refuses once with all problems; the person must manage
the region (outreach.selectors.access). Changes write an audit event."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from gongfa.accounts.models import User
from gongfa.audit.services import record_event
from gongfa.core.errors import NotPermitted, Problems
from gongfa.network.models import Region
from gongfa.outreach.choices import CultureSiteKind, SchoolLevel, VicePrincipalEmployer
from gongfa.outreach.models import CultureSite, School, VicePrincipal
from gongfa.outreach.selectors.access import can_manage
from gongfa.outreach.services.publicity import CHANNEL, text, today


def _region(actor: User, region: Region | None, problems: Problems) -> None:
    if region is None:
        problems.add("region", gettext("请选择所在区划。"), code="required")
    elif not can_manage(actor, region):
        problems.add("region", gettext("该区划不在您管理的区域内。"), code="outside_region")


def _coordinate(value: Decimal | None, field: str, label: str, bound: int, problems: Problems) -> Decimal | None:
    if value is not None and not -bound <= value <= bound:
        problems.add(
            field,
            gettext("{label}应在 -{bound} 至 {bound} 之间。").format(label=label, bound=bound),
            code="out_of_range",
        )
    return value


def save_site(
    *,
    actor: User,
    site: CultureSite | None = None,
    region: Region | None,
    name: str,
    kind: str,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    opened_on: datetime.date | None = None,
    is_listed: bool = True,
) -> CultureSite:
    """添加或修改法治文化阵地 (a name is unique within its region)."""
    if site is not None and not can_manage(actor, site.region):
        raise NotPermitted(gettext("该阵地不在您管理的区域内。"))
    problems = Problems()
    _region(actor, region, problems)
    title = text(name, field="name", label=gettext("名称"), problems=problems, max_chars=128, required=True)
    if kind not in CultureSiteKind.values:
        problems.add("kind", gettext("请选择阵地类型。"), code="required")
    where = text(address, field="address", label=gettext("地址"), problems=problems, max_chars=255, required=False)
    _coordinate(latitude, "latitude", gettext("纬度"), 90, problems)
    _coordinate(longitude, "longitude", gettext("经度"), 180, problems)
    if opened_on is not None and opened_on > today():
        problems.add("opened_on", gettext("建成日期不能晚于今天。"), code="opened_in_future")
    if region is not None and title:
        same = CultureSite.objects.filter(region=region, name=title)
        if site is not None:
            same = same.exclude(pk=site.pk)
        if same.exists():
            problems.add(
                "name",
                gettext("{name}已有名为“{title}”的阵地。").format(name=region.name, title=title),
                code="duplicate_site",
            )
    problems.raise_if_any()
    assert region is not None
    with transaction.atomic():
        target = site or CultureSite()
        created = site is None
        target.region = region
        target.name = title
        target.kind = kind
        target.address = where
        target.latitude = latitude
        target.longitude = longitude
        target.opened_on = opened_on
        target.is_listed = is_listed
        target.save()
        verb = "create" if created else "update"
        record_event(target, f"outreach.culturesite.{verb}", actor=actor, channel=CHANNEL, region=region)
    return target


def set_site_active(*, actor: User, site: CultureSite, active: bool) -> CultureSite:
    """停用（或恢复）一个阵地: a deactivated site no longer counts for coverage."""
    if not can_manage(actor, site.region):
        raise NotPermitted(gettext("该阵地不在您管理的区域内。"))
    if site.is_active != active:
        with transaction.atomic():
            site.is_active = active
            site.save(update_fields=["is_active"])
            verb = "reactivate" if active else "deactivate"
            record_event(site, f"outreach.culturesite.{verb}", actor=actor, channel=CHANNEL, region=site.region)
    return site


def add_school(*, actor: User, region: Region | None, name: str, level: str) -> School:
    """登记学校 (a name is unique within its region)."""
    problems = Problems()
    _region(actor, region, problems)
    title = text(name, field="name", label=gettext("学校名称"), problems=problems, max_chars=128, required=True)
    if level not in SchoolLevel.values:
        problems.add("level", gettext("请选择学段。"), code="required")
    if region is not None and title and School.objects.filter(region=region, name=title).exists():
        problems.add(
            "name", gettext("{name}已登记“{title}”。").format(name=region.name, title=title), code="duplicate_school"
        )
    problems.raise_if_any()
    assert region is not None
    with transaction.atomic():
        school = School.objects.create(region=region, name=title, level=level)
        record_event(school, "outreach.school.create", actor=actor, channel=CHANNEL, region=region)
    return school


def set_school_active(*, actor: User, school: School, active: bool) -> School:
    """停办（或恢复）学校: a closed school leaves the appointment rate."""
    if not can_manage(actor, school.region):
        raise NotPermitted(gettext("该学校不在您管理的区域内。"))
    if school.is_active != active:
        with transaction.atomic():
            school.is_active = active
            school.save(update_fields=["is_active"])
            verb = "reactivate" if active else "deactivate"
            record_event(school, f"outreach.school.{verb}", actor=actor, channel=CHANNEL, region=school.region)
    return school


def appoint_vice_principal(
    *,
    actor: User,
    school: School,
    name: str,
    employer: str,
    organisation: str,
    appointed_on: datetime.date | None,
    user: User | None = None,
) -> VicePrincipal:
    """聘任法治副校长 at an active school."""
    if not can_manage(actor, school.region):
        raise NotPermitted(gettext("该学校不在您管理的区域内。"))
    problems = Problems()
    if not school.is_active:
        problems.add(None, gettext("该学校已停办，不能聘任法治副校长。"), code="school_inactive")
    person = text(name, field="name", label=gettext("姓名"), problems=problems, max_chars=64, required=True)
    if employer not in VicePrincipalEmployer.values:
        problems.add("employer", gettext("请选择派出单位类别。"), code="required")
    org = text(
        organisation, field="organisation", label=gettext("工作单位"), problems=problems, max_chars=128, required=True
    )
    if appointed_on is None:
        problems.add("appointed_on", gettext("请填写聘任日期。"), code="required")
    elif appointed_on > today():
        problems.add("appointed_on", gettext("聘任日期不能晚于今天。"), code="appointed_in_future")
    problems.raise_if_any()
    assert appointed_on is not None
    with transaction.atomic():
        vp = VicePrincipal.objects.create(
            school=school, name=person, user=user, employer=employer, organisation=org, appointed_on=appointed_on
        )
        record_event(
            school,
            "outreach.school.appoint_vice_principal",
            actor=actor,
            channel=CHANNEL,
            data={"vice_principal": vp.pk},
            region=school.region,
        )
    return vp


def end_vice_principal(
    *, actor: User, vice_principal: VicePrincipal, ended_on: datetime.date | None = None
) -> VicePrincipal:
    """届满或解聘: the appointment ends (no earlier than it began, not in the future)."""
    school = vice_principal.school
    if not can_manage(actor, school.region):
        raise NotPermitted(gettext("该学校不在您管理的区域内。"))
    problems = Problems()
    if not vice_principal.is_active:
        problems.add(None, gettext("该法治副校长已离任。"), code="already_ended")
    on = ended_on or today()
    if on > today():
        problems.add("ended_on", gettext("离任日期不能晚于今天。"), code="ended_in_future")
    elif on < vice_principal.appointed_on:
        problems.add("ended_on", gettext("离任日期不能早于聘任日期。"), code="ended_before_appointed")
    problems.raise_if_any()
    with transaction.atomic():
        vice_principal.is_active = False
        vice_principal.ended_on = on
        vice_principal.save(update_fields=["is_active", "ended_on"])
        record_event(
            school,
            "outreach.school.end_vice_principal",
            actor=actor,
            channel=CHANNEL,
            data={"vice_principal": vice_principal.pk},
            region=school.region,
        )
    return vice_principal
