"""Which documents a mediation file (调解卷宗) needs, by how the case ended (《人民调解法》第27条:
the committee files the registration, the work records and the agreement; practice.md §a: the
13 documents of the standard file, of which six are mandatory).

- written agreement: MANDATORY_DOCUMENTS (application, rights notice, identity, session record,
  the agreement, back cover);
- oral agreement: the oral-agreement record (口头协议登记表) instead of the agreement;
- failed or terminated: no agreement, but the notice telling the parties the other routes
  (终止调解告知书, 第26条);
- never mediated: not accepted → application, non-acceptance notice, back cover; refused by a
  party (第17条) → application, routes notice, back cover;
- a judicial confirmation applied for adds its materials (司法确认材料).
"""

from __future__ import annotations

from gongfa.mediation.choices import FILE_ORDER, MANDATORY_DOCUMENTS, CaseStatus, DocumentKind, Outcome
from gongfa.mediation.models import MediationCase

K = DocumentKind


def required_documents(case: MediationCase) -> list[str]:
    """The kinds of document the case's file must hold before it is closed, in file order."""
    if case.status == CaseStatus.NOT_ACCEPTED or case.outcome == Outcome.NOT_ACCEPTED:
        kinds = {K.APPLICATION, K.NON_ACCEPTANCE_NOTICE, K.BACK_COVER}
    elif case.status == CaseStatus.NOT_MEDIATED or case.outcome == Outcome.REFUSED:
        kinds = {K.APPLICATION, K.ROUTES_NOTICE, K.BACK_COVER}
    else:
        kinds = set(MANDATORY_DOCUMENTS)
        if case.outcome == Outcome.ORAL_AGREEMENT:
            kinds.discard(K.AGREEMENT)
            kinds.add(K.ORAL_AGREEMENT_RECORD)
        elif case.outcome in (Outcome.FAILED, Outcome.TERMINATED) or case.status in (
            CaseStatus.FAILED,
            CaseStatus.TERMINATED_BY_PARTY,
        ):
            kinds.discard(K.AGREEMENT)
            kinds.add(K.ROUTES_NOTICE)
        if case.pk is not None and case.confirmations.exists():
            kinds.add(K.JUDICIAL_CONFIRMATION)
    return [str(kind) for kind in FILE_ORDER if kind in kinds]


def missing_documents(case: MediationCase) -> list[str]:
    """The required kinds not yet on file."""
    present = set(case.documents.values_list("kind", flat=True)) if case.pk is not None else set()
    return [kind for kind in required_documents(case) if kind not in present]


def labels(kinds: list[str]) -> str:
    """The kinds' Chinese names joined for a message (申请书或受理登记表、身份证明)."""
    return "、".join(str(DocumentKind(kind).label) for kind in kinds)
