"""Legal-aid services: the verbs that change a case (views, API, tasks and commands call these)."""

from gongfa.legalaid.services.assignment import (
    assign_provider,
    candidates,
    replace_provider,
    sign_engagement,
    why_not,
)
from gongfa.legalaid.services.casework import (
    add_progress,
    close_case,
    file_closing_report,
    return_closing_report,
    terminate,
)
from gongfa.legalaid.services.intake import (
    NoticeInput,
    check_application,
    check_fields,
    check_notice,
    receive_application,
    receive_draft,
    receive_notice,
    save_draft,
    submit_application,
)
from gongfa.legalaid.services.materials import add_material
from gongfa.legalaid.services.objections import decide_objection, lodge_objection
from gongfa.legalaid.services.review import (
    confirm_advance_aid,
    grant,
    lapse_supplements,
    receive_supplement,
    redirect,
    refresh_proposal,
    refuse,
    request_supplement,
    start_advance_aid,
    start_review,
    withdraw,
)

__all__ = [
    "NoticeInput",
    "add_material",
    "add_progress",
    "assign_provider",
    "candidates",
    "check_application",
    "check_fields",
    "check_notice",
    "close_case",
    "confirm_advance_aid",
    "decide_objection",
    "file_closing_report",
    "grant",
    "lapse_supplements",
    "lodge_objection",
    "receive_application",
    "receive_draft",
    "receive_notice",
    "receive_supplement",
    "redirect",
    "refresh_proposal",
    "refuse",
    "replace_provider",
    "request_supplement",
    "return_closing_report",
    "save_draft",
    "sign_engagement",
    "start_advance_aid",
    "start_review",
    "submit_application",
    "terminate",
    "why_not",
    "withdraw",
]
