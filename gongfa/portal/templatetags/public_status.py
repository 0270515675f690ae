"""`{{ case|status_phrase }}` and `{{ case|status_next_step }}`: a case's state in the citizen's
words, from its case type's one table (gongfa.core.public_status). Every portal page that names a
state renders it through these, so a state reads the same everywhere."""

from __future__ import annotations

from django import template
from django.db import models

from gongfa.appointments.public_status import BOOKING_STATUS, NOTARIZATION_STATUS
from gongfa.core.public_status import PublicStatusTable
from gongfa.legalaid.public_status import LEGAL_AID_STATUS
from gongfa.mediation.public_status import AGREEMENT_STATUS, MEDIATION_STATUS
from gongfa.outreach.public_status import VOLUNTEER_STATUS
from gongfa.workorders.public_status import WORK_ORDER_STATUS

register = template.Library()

TABLES: dict[str, PublicStatusTable] = {
    "workorders.workorder": WORK_ORDER_STATUS,
    "legalaid.legalaidapplication": LEGAL_AID_STATUS,
    "mediation.mediationcase": MEDIATION_STATUS,
    "appointments.notarizationcase": NOTARIZATION_STATUS,
    "appointments.booking": BOOKING_STATUS,
    "mediation.agreement": AGREEMENT_STATUS,
    "outreach.volunteer": VOLUNTEER_STATUS,
}


def table_for(case: models.Model) -> PublicStatusTable:
    try:
        return TABLES[case._meta.label_lower]
    except KeyError:
        raise LookupError(f"no citizen status table for {case._meta.label_lower}") from None


@register.filter
def status_phrase(case: models.Model) -> str:
    return table_for(case).phrase(getattr(case, "status", ""))


@register.filter
def status_next_step(case: models.Model) -> str:
    return table_for(case).next_step(getattr(case, "status", ""))
