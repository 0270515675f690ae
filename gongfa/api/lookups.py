"""Turn the codes an API client sends into objects, with a structured 422 naming the field."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.catalog.models import ServiceType
from gongfa.catalog.selectors import service_type_by_code
from gongfa.core.errors import DomainError
from gongfa.network import selectors as network_selectors
from gongfa.network.models import Agency, Region, ServicePoint
from gongfa.workorders.choices import SpecialGroup
from gongfa.workorders.classify import topic_by_code as cached_topic_by_code
from gongfa.workorders.models import Topic, WorkOrder


class InvalidField(DomainError):
    """A field names something that does not exist (region, topic, place …)."""

    code = "invalid_field"
    status = 422


class NotFound(DomainError):
    code = "not_found"
    status = 404


def order_not_found(tracking_number: str) -> NotFound:
    return NotFound(f"未找到工单 {tracking_number}。", field="tracking_number")


def region_by_code(code: str, *, field: str = "region_code") -> Region:
    """The region with this 12-digit code (kept per process: read-only)."""
    region = network_selectors.region_by_code((code or "").strip())
    if region is None:
        raise InvalidField(gettext("未知的区划代码：{code}。").format(code=code), code="unknown_region", field=field)
    return region


def topic_by_code(code: str, *, field: str = "topic_code") -> Topic:
    topic = cached_topic_by_code((code or "").strip())
    if topic is None:
        raise InvalidField(gettext("未知的咨询类别：{code}。").format(code=code), code="unknown_topic", field=field)
    return topic


def service_type_of(code: str, *, field: str = "service_type_code") -> ServiceType:
    try:
        return service_type_by_code(code)
    except DomainError:
        raise InvalidField(
            gettext("未知的服务类型：{code}。").format(code=code), code="unknown_service_type", field=field
        ) from None


_GROUP_NAMES: dict[str, SpecialGroup] = {
    **{group.name.lower(): group for group in SpecialGroup},
    **{str(group.label): group for group in SpecialGroup},
    **{str(group.value): group for group in SpecialGroup},
}


def special_groups_mask(values: Iterable[int | str], *, field: str = "special_groups") -> int:
    """Bit mask of special groups given as values (1, 2, 4 …), names (elderly) or labels (老年人)."""
    mask = 0
    for value in values:
        group = _GROUP_NAMES.get(str(value).strip().lower())
        if group is None:
            known = "、".join(f"{g.name.lower()}/{g.label}" for g in SpecialGroup)
            raise InvalidField(
                gettext("未知的特殊群体：{value}（可选：{known}）。").format(value=value, known=known),
                code="unknown_special_group",
                field=field,
            )
        mask |= group.value
    return mask


def point_by_id(pk: int, *, field: str = "point_id") -> ServicePoint:
    point = ServicePoint.objects.select_related("region").filter(pk=pk).first()
    if point is None:
        raise InvalidField(gettext("未知的服务点：{pk}。").format(pk=pk), code="unknown_point", field=field)
    return point


def agency_by_id(pk: int, *, field: str = "agency_id") -> Agency:
    agency = Agency.objects.select_related("region").filter(pk=pk).first()
    if agency is None:
        raise InvalidField(gettext("未知的机构：{pk}。").format(pk=pk), code="unknown_agency", field=field)
    return agency


def person_by_id(pk: int, *, field: str = "person_id") -> User:
    person = User.objects.filter(pk=pk).exclude(role=Role.CITIZEN).first()
    if person is None:
        raise InvalidField(gettext("未知的工作人员：{pk}。").format(pk=pk), code="unknown_person", field=field)
    return person


__all__ = [
    "InvalidField",
    "NotFound",
    "WorkOrder",
    "agency_by_id",
    "order_not_found",
    "person_by_id",
    "point_by_id",
    "region_by_code",
    "service_type_of",
    "special_groups_mask",
    "topic_by_code",
]
