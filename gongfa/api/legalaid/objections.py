"""The justice bureau's decision on an objection (第49条)."""

from django.http import HttpRequest
from django.utils.translation import gettext

from gongfa.api import lookups
from gongfa.api.auth import principal
from gongfa.api.legalaid.cases import _answer
from gongfa.api.legalaid.common import ACT, ERRORS, router
from gongfa.api.legalaid.schemas import LegalAidCaseOut, ObjectionDecisionIn
from gongfa.api.models import TokenScope
from gongfa.api.schemas import RowIdPath
from gongfa.core.access import Audience, api_door
from gongfa.legalaid import services
from gongfa.legalaid.models import Objection
from gongfa.legalaid.selectors import visible_to


@router.post(
    "/objections/{objection_id}/decision",
    auth=ACT,
    response={200: LegalAidCaseOut, **ERRORS},
    summary="异议审查决定",
    operation_id="gongfa_api_legalaid_decide_objection",
)
@api_door(Audience.SUPERVISOR, scope=TokenScope.LEGALAID_ACT, message="异议由设立法律援助机构的司法行政部门审查。")
def decide_objection(request: HttpRequest, objection_id: RowIdPath, payload: ObjectionDecisionIn) -> LegalAidCaseOut:
    """The justice bureau decides an objection (第49条, within 5 days): uphold the decision, or
    order the agency to correct (a refusal goes back to review, a termination back to service).
    A supervisor whose region covers the agency, or an administrator; the agency itself gets 403.
    Answers the case, whose `objections` show the decision. Deciding twice is refused (400)."""
    user = principal(request).user
    objection = (
        Objection.objects.filter(pk=objection_id, application__in=visible_to(user).values("pk"))
        .select_related("application")
        .first()
    )
    if objection is None:
        raise lookups.NotFound(
            gettext("未找到异议 {objection_id}。").format(objection_id=objection_id), field="objection_id"
        )
    services.decide_objection(objection=objection, actor=user, uphold=payload.uphold, decision=payload.decision)
    return _answer(objection.application, user)
