"""The drafting interview's transition table. Services in drafting.services are the only callers;
each step writes an audit event."""

from django.utils.translation import gettext_lazy as _

from gongfa.core.statemachine import Transition, TransitionTable
from gongfa.drafting.choices import InterviewStatus as S

INTERVIEW = TransitionTable(
    "文书代书",
    S,
    [
        Transition("complete", (S.IN_PROGRESS,), S.COMPLETED, _("生成文书")),
        # Changing answers after a document was made: the next completion makes a new version.
        Transition("reopen", (S.COMPLETED, S.REVIEWED), S.IN_PROGRESS, _("修改答案")),
        Transition("request_review", (S.COMPLETED,), S.IN_REVIEW, _("申请律师审核")),
        Transition("finish_review", (S.IN_REVIEW,), S.REVIEWED, _("审核完成")),
        Transition("discard", (S.IN_PROGRESS,), S.DISCARDED, _("放弃填写"), reason_required=False),
    ],
)
