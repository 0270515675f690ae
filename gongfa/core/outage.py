"""Which exceptions mean "a service we depend on is down" (服务暂不可用), and how to say so.

The database or the task broker failing is the platform's condition, not the request's fault:
the answer is 503 with ``Retry-After`` (never a 500), for pages and the API alike. Retrying is
safe: a database error aborts the transaction, so nothing of the request was stored, and the
API's work-order intake is idempotent by ``Idempotency-Key`` for the case where the order was
committed and only queueing its dispatch failed (the per-minute ``dispatch_queued`` job picks
such an order up).
"""

from __future__ import annotations

from django.conf import settings
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerOperationalError

OUTAGE_MESSAGE = _("系统暂时无法处理请求（数据库或任务队列暂不可用），您提交的内容未受影响，请稍后重试。")


def _outage_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [DatabaseOperationalError, DatabaseInterfaceError, BrokerOperationalError]
    try:  # redis-py raises its own errors when a task is queued on a dead Redis
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        types += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis is installed with celery[redis]
        pass
    return tuple(types)


OUTAGE_ERRORS = _outage_types()


def is_outage(exc: BaseException | None) -> bool:
    """True for a database or broker failure, also when wrapped (raise … from …) by another error."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def retry_after_seconds() -> int:
    return int(getattr(settings, "OUTAGE_RETRY_AFTER_SECONDS", 5))
