"""Catalogue-level configuration (时限计算参数).

These are national defaults in code for now. TODO(configuration): office hours differ between
provinces and service points (some work 08:30–17:30, some have a lunch break); they should become
a region setting (e.g. `svc.office_hours`) registered in gongfa.network.region_settings, read with
`region_setting(region, ...)`, once the network app takes it. Until then every region uses these.
"""

from __future__ import annotations

import datetime

# Office hours (办公时间) that WORKING_HOURS time limits count in: only the time between
# OFFICE_START and OFFICE_END on a working day counts (local time, settings.TIME_ZONE).
OFFICE_START = datetime.time(9, 0)
OFFICE_END = datetime.time(17, 0)

# A WORKING_DAYS or LEGAL_DAYS limit falls due at the end of its last day (期间最后一日的二十四时,
# 《民法典》第203条第2款), shown as 23:59:59 local time. End of day rather than end of office hours:
# a reply sent by e-mail or on the portal at 20:00 on the last day is still in time.
DAY_END = datetime.time(23, 59, 59)

# Upper bound of a time limit: 365 days or the equivalent in the rule's unit.
MAX_PERIOD_DAYS = 365


def office_seconds_per_day() -> int:
    """Length of one working day's office hours, in seconds."""
    start = datetime.datetime.combine(datetime.date.min, OFFICE_START)
    end = datetime.datetime.combine(datetime.date.min, OFFICE_END)
    return int((end - start).total_seconds())
