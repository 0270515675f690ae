"""Work-order endpoints. Thin: they validate, call selectors/services, and shape the response."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from gongfa.accounts.models import User
from gongfa.core.errors import DomainError
from gongfa.workorders import selectors
from gongfa.workorders.models import WorkOrder

router = Router(tags=["workorders"], auth=django_auth)


class WorkOrderOut(Schema):
    tracking_number: str
    status: str
    status_label: str
    channel: str
    region_code: str
    region_name: str
    owner_point: str
    text: str
    answer: str
    rating: int | None
    created_at: datetime.datetime
    answered_at: datetime.datetime | None

    @staticmethod
    def resolve_status_label(obj: WorkOrder) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_region_code(obj: WorkOrder) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: WorkOrder) -> str:
        return obj.region.name

    @staticmethod
    def resolve_owner_point(obj: WorkOrder) -> str:
        return obj.owner_point.name


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@router.get("", response=list[WorkOrderOut])
@paginate(PageNumberPagination, page_size=50)
def list_work_orders(request: HttpRequest, status: str | None = None) -> list[WorkOrder]:
    queryset = selectors.visible_to(_user(request)).select_related("region", "owner_point")
    if status:
        queryset = queryset.filter(status=status)
    return queryset  # type: ignore[return-value]


@router.get("/{tracking_number}", response=WorkOrderOut)
def get_work_order(request: HttpRequest, tracking_number: str) -> WorkOrder:
    try:
        return selectors.get_visible(_user(request), tracking_number)
    except WorkOrder.DoesNotExist:
        raise NotFound(f"未找到工单 {tracking_number}。") from None


class NotFound(DomainError):
    code = "not_found"
    status = 404
