"""Typical cases (典型案例): who works on which, the closed cases one may nominate, the public list
and its search, and the cases the Q&A suggests.

- Nominators: any staff who can see the closed source case (each source app's own `visible_to`).
- Editors (审核发布): supervisors and administrators whose region (managed_region_q) holds the case.
- The workbench list: the cases one nominated, and those of the regions one manages.
- The public: published cases only; the search matches every search word (gongfa.core.segment) in
  the title, facts, handling or significance, with icontains (the same on SQLite and PostgreSQL).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongfa.accounts.choices import Role
from gongfa.accounts.models import User
from gongfa.core.segment import segment
from gongfa.network.choices import RegionLevel
from gongfa.network.models import Region
from gongfa.outreach.choices import TypicalCaseSource, TypicalCaseStatus
from gongfa.outreach.models import TypicalCase
from gongfa.outreach.selectors.access import can_manage, managed_region_q

EDITOR_ROLES = frozenset({Role.SUPERVISOR, Role.ADMINISTRATOR})
SEARCH_FIELDS = ("title", "facts", "handling", "significance")
MAX_TERMS = 6
S = TypicalCaseStatus
SOURCE_FIELD: dict[str, str] = {
    TypicalCaseSource.LEGAL_AID: "legal_aid_case",
    TypicalCaseSource.MEDIATION: "mediation_case",
    TypicalCaseSource.CONSULTATION: "work_order",
}

CLOSED_STATUS: dict[str, str] = {
    TypicalCaseSource.LEGAL_AID: "closed",  # legalaid ApplicationStatus.CLOSED 已结案
    TypicalCaseSource.MEDIATION: "closed",  # mediation CaseStatus.CLOSED 已结案归档
    TypicalCaseSource.CONSULTATION: "closed",  # workorders WorkOrderStatus.CLOSED 已办结
}


# ---------------------------------------------------------------------------------------------
# Who


def is_editor_role(user: User) -> bool:
    return user.is_authenticated and (user.role in EDITOR_ROLES or user.is_superuser)


def is_editor(user: User, region: Region) -> bool:
    """May review and publish (or return, withdraw) a case of `region`."""
    return is_editor_role(user) and can_manage(user, region)


def may_edit(user: User, case: TypicalCase) -> bool:
    """May edit, de-identify and submit: the nominator, and whoever manages the case's region."""
    return case.nominated_by_id == user.pk or can_manage(user, case.region)


def workbench_cases(user: User) -> QuerySet[TypicalCase]:
    """The cases on `user`'s list: nominated by them, or in a region they manage."""
    return TypicalCase.objects.filter(Q(nominated_by_id=user.pk) | managed_region_q(user, "region__code"))


def with_row_relations(queryset: QuerySet[TypicalCase]) -> QuerySet[TypicalCase]:
    return queryset.select_related("region", "nominated_by")


def case_for(user: User, number: str) -> TypicalCase | None:
    return (
        workbench_cases(user)
        .select_related(
            "region", "nominated_by", "reviewed_by", "deidentified_by", "legal_aid_case", "mediation_case", "work_order"
        )
        .filter(number=number)
        .first()
    )


# ---------------------------------------------------------------------------------------------
# The source cases


def closed_source_cases(user: User, source: str) -> QuerySet[Any]:
    """The closed cases of `source` that `user` can see (the source app's own access rule)."""
    return _visible_any_status(user, source).filter(status=CLOSED_STATUS[source])


def number_field(source: str) -> str:
    return "tracking_number" if source == TypicalCaseSource.CONSULTATION else "number"


def find_source_case(user: User, source: str, number: str) -> Any | None:
    """The case of `source` numbered `number` if `user` can see it (any status; None otherwise)."""
    field = number_field(source)
    return _visible_any_status(user, source).select_related("region").filter(**{field: number}).first()


def is_closed(source: str, case: Any) -> bool:
    return bool(case.status == CLOSED_STATUS[source])


def _visible_any_status(user: User, source: str) -> QuerySet[Any]:
    if source == TypicalCaseSource.LEGAL_AID:
        from gongfa.legalaid.selectors import visible_to as legal_aid_visible

        return legal_aid_visible(user)
    if source == TypicalCaseSource.MEDIATION:
        from gongfa.mediation.selectors import visible_to as mediation_visible

        return mediation_visible(user)
    if source != TypicalCaseSource.CONSULTATION:
        raise ValueError(source)
    from gongfa.workorders.selectors import visible_to as order_visible

    return order_visible(user)


def candidates(user: User, per_source: int = 10) -> dict[str, list[Any]]:
    """The latest closed cases of each source `user` could nominate (one query per source)."""
    out: dict[str, list[Any]] = {}
    for source in TypicalCaseSource.values:
        out[source] = list(closed_source_cases(user, source).select_related("region").order_by("-pk")[:per_source])
    return out


def region_places(region: Region) -> list[str]:
    """The village and township names of `region`'s chain (itself and its ancestors)."""
    codes = [*region.ancestor_codes(), region.code]
    return list(
        Region.objects.filter(code__in=codes, level__gte=RegionLevel.TOWNSHIP)
        .order_by("-level")
        .values_list("name", flat=True)
    )


# ---------------------------------------------------------------------------------------------
# The public


def published() -> QuerySet[TypicalCase]:
    return TypicalCase.objects.filter(status=S.PUBLISHED)


def search_terms(query: str) -> list[str]:
    """The words a search must all find: rjieba's search-mode words, single characters dropped when
    longer words exist, a compound dropped when a word inside it is kept (劳动争议仲裁 → 劳动, 争议,
    仲裁), at most MAX_TERMS."""
    words = list(dict.fromkeys(segment(query)))
    if any(len(w) > 1 for w in words):
        words = [w for w in words if len(w) > 1]
    kept = [w for w in words if not any(other != w and other in w for other in words)]
    return kept[:MAX_TERMS]


def _matches(term: str) -> Q:
    condition = Q()
    for field in SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": term})
    return condition


def search(query: str = "", topic: str = "") -> QuerySet[TypicalCase]:
    """Published cases matching every search word of `query`, of `topic` when given, newest first."""
    queryset = published().select_related("region")
    for term in search_terms(query):
        queryset = queryset.filter(_matches(term))
    if topic:
        queryset = queryset.filter(topic=topic)
    return queryset.order_by("-published_at", "-pk")


def public_case(number: str) -> TypicalCase | None:
    return published().select_related("region").filter(number=number).first()


def topic_names() -> dict[str, str]:
    from gongfa.workorders.models import Topic

    return dict(Topic.objects.filter(is_active=True).order_by("sort_order", "pk").values_list("code", "name"))


def typical_cases_for(topic: str, text: str, limit: int = 2) -> list[TypicalCase]:
    """Published cases to show beside a Q&A answer: of the question's topic, those sharing most
    words with the question first (then the newest); with no topic, only cases sharing at least two
    words. One query over at most 100 recent cases."""
    words = [w for w in dict.fromkeys(segment(text)) if len(w) > 1]
    queryset = published().only("number", "title", "facts", "significance", "topic", "published_at")
    if topic:
        queryset = queryset.filter(topic=topic)
    pool = list(queryset.order_by("-published_at", "-pk")[:100])
    scored = []
    for position, case in enumerate(pool):
        haystack = f"{case.title}\n{case.facts}\n{case.significance}".lower()
        score = sum(1 for w in words if w in haystack)
        if topic or score >= 2:
            scored.append((-score, position, case))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [case for _, _, case in scored[:limit]]
