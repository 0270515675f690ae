"""Document drafting's actions (Zulip-style do_* functions: each checks, changes state and writes
its event in one transaction). Views and the API validate input and call these; nothing else
changes an interview or a document."""

from gongfa.drafting.services.interviews import (
    complete_interview,
    discard_interview,
    reopen_interview,
    save_answers,
    start_interview,
)
from gongfa.drafting.services.review import finish_review, request_review
from gongfa.drafting.services.templates import current_template, definition_of, library, template_choices

__all__ = [
    "complete_interview",
    "current_template",
    "definition_of",
    "discard_interview",
    "finish_review",
    "library",
    "reopen_interview",
    "request_review",
    "save_answers",
    "start_interview",
    "template_choices",
]
