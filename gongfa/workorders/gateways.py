"""Outbound transfers to other systems (转外部门): the 12345 hotline platform and other departments.

settings.WORKORDER_GATEWAY names the class. The real 12345 integration is a provincial interface
that cannot be reached from here; RecordingGateway stands in for it behind the same interface.
"""

from __future__ import annotations

import itertools
import logging
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from gongfa.core.errors import DomainError
from gongfa.workorders.models import WorkOrder

logger = logging.getLogger("gongfa.gateway")


class GatewayError(DomainError):
    """The other system refused or could not be reached; the transfer did not happen."""

    code = "gateway_unavailable"
    status = 502


class TransferGateway:
    name = "base"

    def transfer(self, order: WorkOrder, reason: str) -> str:
        """Send the matter to the other system; return their reference number."""
        raise NotImplementedError

    def send_update(self, order: WorkOrder, kind: str, body: str) -> str:
        """Report acceptance, progress or the result (ExternalUpdateKind) of an order that came from
        the other system (回传); return their acknowledgement number. Raises GatewayError when they
        refused it or could not be reached (the update is then tried again later)."""
        raise NotImplementedError


class RecordingGateway(TransferGateway):
    """Development and test stand-in: records transfers in memory and logs them."""

    name = "recording"
    sent: ClassVar[list[tuple[str, str, str]]] = []
    updates: ClassVar[list[tuple[str, str, str, str]]] = []  # (tracking number, kind, body, reference)
    _numbers = itertools.count(1)

    def transfer(self, order: WorkOrder, reason: str) -> str:
        reference = f"T12345-{next(self._numbers):06d}"
        self.sent.append((order.tracking_number, reason, reference))
        logger.info("transfer %s to 12345 as %s: %s", order.tracking_number, reference, reason)
        return reference

    def send_update(self, order: WorkOrder, kind: str, body: str) -> str:
        reference = f"R12345-{next(self._numbers):06d}"
        self.updates.append((order.tracking_number, kind, body, reference))
        logger.info("update %s (%s) to 12345 acknowledged as %s", order.tracking_number, kind, reference)
        return reference


class FailingGateway(TransferGateway):
    name = "failing"

    def transfer(self, order: WorkOrder, reason: str) -> str:
        raise GatewayError(gettext("12345平台接口暂时无法连接，转办未完成，请稍后再试。"))

    def send_update(self, order: WorkOrder, kind: str, body: str) -> str:
        raise GatewayError(gettext("12345平台接口暂时无法连接，回传未完成。"))


class FlakyGateway(RecordingGateway):
    """Test double: the first `failures` updates fail (the interface is down), then it records
    like RecordingGateway. Set FlakyGateway.failures before use; it counts down across instances."""

    name = "flaky"
    failures: ClassVar[int] = 0

    def send_update(self, order: WorkOrder, kind: str, body: str) -> str:
        if FlakyGateway.failures > 0:
            FlakyGateway.failures -= 1
            raise GatewayError(gettext("12345平台接口超时。"))
        return super().send_update(order, kind, body)


def get_gateway() -> TransferGateway:
    gateway_class = import_string(getattr(settings, "WORKORDER_GATEWAY", "gongfa.workorders.gateways.RecordingGateway"))
    gateway = gateway_class()
    if not isinstance(gateway, TransferGateway):
        raise TypeError("WORKORDER_GATEWAY is not a TransferGateway")
    return gateway
