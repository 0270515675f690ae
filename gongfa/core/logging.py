"""Log hygiene: no phone or ID number reaches a log line in full (日志脱敏).

MaskPersonalDataFilter is installed on every handler in settings.LOGGING, so it covers the
project's own loggers, Django's request logger and third-party libraries alike.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gongfa.core.masking import mask_id_number, mask_phone

# An 18-character resident ID number or an 11-digit mainland mobile, not inside a longer run of
# digits (order numbers, timestamps).
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{16}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9]{9})(?![0-9])")


def mask_personal_data(text: str) -> str:
    """Mask every ID number and mobile number found in `text`."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    return _MOBILE.sub(lambda m: mask_phone(m.group(1)), text)


def _mask_arg(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, int) and not isinstance(value, bool) and 10**10 <= abs(value) < 10**18:
        return mask_personal_data(str(value))
    return value


class MaskPersonalDataFilter(logging.Filter):
    """Rewrites each record's message and arguments with phones and ID numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            # The formatted message, so values hidden inside objects' str() are masked too.
            record.msg = mask_personal_data(record.getMessage())
            record.args = None
        except (TypeError, ValueError):  # a malformed call: mask what there is, let logging report it
            if isinstance(record.msg, str):
                record.msg = mask_personal_data(record.msg)
            if isinstance(record.args, tuple):
                record.args = tuple(_mask_arg(arg) for arg in record.args)
            elif isinstance(record.args, dict):
                record.args = {key: _mask_arg(arg) for key, arg in record.args.items()}
        if record.exc_info and not record.exc_text:
            # Format the traceback now so its text (which may quote a value) is masked too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        return True
