"""The log filter masks phones and ID numbers in every record, on every configured handler."""

from __future__ import annotations

import io
import logging
from typing import cast

from django.conf import settings

from gongfa.core.logging import MaskPersonalDataFilter, mask_personal_data


def _emit(message, *args, exc=None):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalDataFilter())
    logger = logging.getLogger("gongfa.tests.logfilter")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        if exc is not None:
            try:
                raise exc
            except Exception:
                logger.exception(message, *args)
        else:
            logger.warning(message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_masks_message_and_args():
    out = _emit("caller 13812345678 id %s phone %s obj %s", "110101199003077777", 13987654321, {"p": "15011112222"})
    assert "13812345678" not in out and "138****5678" in out
    assert "110101199003077777" not in out and "1101**********7777" in out
    assert "13987654321" not in out and "15011112222" not in out


def test_masks_plus86_and_lowercase_x_but_not_longer_numbers():
    assert mask_personal_data("+86 13812345678") == "138****5678"
    assert "11010119900307777x" not in mask_personal_data("id 11010119900307777x")
    # A 20-digit tracking number is not a phone.
    assert mask_personal_data("GF2026120313812345678") == "GF2026120313812345678"


def test_masks_exception_text():
    out = _emit("failed", exc=ValueError("bad phone 13812345678"))
    assert "13812345678" not in out and "138****5678" in out


def test_every_configured_handler_has_the_filter():
    handlers = cast(dict[str, dict], settings.LOGGING["handlers"])
    assert handlers
    for name, handler in handlers.items():
        assert "mask_personal_data" in handler.get("filters", []), name
