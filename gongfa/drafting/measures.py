"""What drafting counts in performance management (文书代书计量): documents drafted, by kind and by
point, on the day the first version was made; versions a lawyer corrected, on their day.

One fact source, "drafting.document" (a DraftDocument, one per version): a first version counts as
a document drafted (re-generating after a change is the same document); a reviewer's version
counts as a reviewed document.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongfa.drafting.choices import VersionReason
from gongfa.drafting.models import DraftDocument
from gongfa.performance.registry import Contribution, FactSource, Measure, register_measures, register_source

SOURCE = "drafting.document"
SERVICE = "document_drafting"

MEASURES = [
    Measure("drafting.documents", _("代书文书数"), description=_("首次生成文书，按生成日")),
    Measure("drafting.documents.complaint", _("代书民事起诉状数")),
    Measure("drafting.documents.defence", _("代书民事答辩状数")),
    Measure("drafting.documents.arbitration", _("代书劳动仲裁申请书数")),
    Measure("drafting.documents.iou", _("代书借条数")),
    Measure("drafting.documents.divorce_agreement", _("代书离婚协议书数")),
    Measure("drafting.documents.mediation_application", _("代书人民调解申请书数")),
    Measure("drafting.reviewed", _("律师审核修改的文书数"), description=_("律师生成修改版本，按生成日")),
]

register_measures(Measure(m.code, m.name, m.unit, m.kind, m.description, app="drafting") for m in MEASURES)


def contributions(document: DraftDocument) -> Iterator[Contribution]:
    base = Contribution(
        measure="",
        day=timezone.localdate(document.made_at),
        region_code=document.region.code if document.region is not None else "",
        point_id=document.point_id or 0,
        person_id=document.made_by_id or 0,
        service=SERVICE,
        channel=document.channel,
    )
    if document.number == 1:
        yield base._replace(measure="drafting.documents")
        yield base._replace(measure=f"drafting.documents.{document.kind}")
    if document.reason == VersionReason.REVIEWED:
        yield base._replace(measure="drafting.reviewed")


def queryset() -> QuerySet[DraftDocument]:
    return DraftDocument.objects.select_related("region").only(
        "pk", "number", "kind", "reason", "made_at", "made_by_id", "point_id", "channel", "region__code"
    )


register_source(
    FactSource(
        name=SOURCE,
        model=DraftDocument,
        contribute=contributions,
        queryset=queryset,
        created_field="made_at",
        app="drafting",
        measures=tuple(m.code for m in MEASURES),
    )
)


INDICATORS = Path(__file__).resolve().parent / "data" / "indicators.json"
INDICATOR_CODES = ("dr_documents", "dr_complaints", "dr_reviewed_rate")


def load_indicators() -> int:
    """Create or update drafting's indicators (usable after a flush, as the tests do)."""
    from gongfa.performance import definitions

    return definitions.load_indicators(INDICATORS)
