"""Answers the platform already knows (预填): from the citizen's account, the work order and the
legal-aid case, and the court or commission by the region. A definition's field names its source
(`prefill: order.contact_name`); an unknown or empty source leaves the question empty."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gongfa.network.choices import AgencyKind, RegionLevel


def _county(region: Any) -> Any:
    while region is not None and region.level > RegionLevel.COUNTY:
        region = region.parent
    return region if region is not None and region.level == RegionLevel.COUNTY else None


def basic_court(region: Any) -> str:
    """The basic people's court of the county the region lies in (基层人民法院, named after it):
    the court of first instance for most civil cases (民事诉讼法 第十八条)."""
    county = _county(region)
    return f"{county.name}人民法院" if county is not None else ""


def labour_commission(region: Any) -> str:
    """The labour and personnel dispute arbitration commission the directory lists nearest the
    region (its county, then upward), else the one named after the city."""
    from gongfa.network.models import Agency

    here = region
    while here is not None:
        found = (
            Agency.objects.filter(kind=AgencyKind.ARBITRATION_COMMISSION, region=here, name__contains="劳动")
            .order_by("pk")
            .values_list("name", flat=True)
            .first()
        )
        if found:
            return found
        here = here.parent
    city = region
    while city is not None and city.level > RegionLevel.CITY:
        city = city.parent
    return f"{city.name}劳动人事争议仲裁委员会" if city is not None and city.level == RegionLevel.CITY else ""


def mediation_committee(region: Any) -> str:
    """The people's mediation committee of the region (its village or township, then upward)."""
    from gongfa.network.models import Agency

    here = region
    while here is not None:
        found = (
            Agency.objects.filter(kind=AgencyKind.MEDIATION_COMMITTEE, region=here)
            .order_by("pk")
            .values_list("name", flat=True)
            .first()
        )
        if found:
            return found
        here = here.parent
    return ""


class Known:
    """What the platform knows about the person and the matter an interview drafts for."""

    def __init__(self, *, citizen: Any = None, order: Any = None, application: Any = None, region: Any = None) -> None:
        self.citizen = citizen
        self.order = order
        self.application = application
        self.region = region or getattr(order, "region", None) or getattr(application, "region", None)

    def _first(self, *readers: tuple[Any, str]) -> str:
        for source, attribute in readers:
            value = getattr(source, attribute, "") if source is not None else ""
            if value:
                return str(value)
        return ""

    def sources(self) -> dict[str, Callable[[], Any]]:
        """Each source a template may name. The person the document is for is one person whichever
        way they came: `citizen.*` reads their account first, `order.*` the work order first, and
        each falls back to the other records (the legal-aid case's applicant among them)."""
        citizen, order, application = self.citizen, self.order, self.application
        requester = getattr(order, "requester", None)
        first = self._first
        return {
            "citizen.name": lambda: first(
                (citizen, "real_name"), (application, "applicant_name"), (order, "contact_name")
            ),
            "citizen.id_number": lambda: first(
                (citizen, "id_number"), (application, "id_number"), (order, "contact_id_number")
            ),
            "citizen.phone": lambda: first((citizen, "phone"), (application, "phone"), (order, "contact_phone")),
            "order.contact_name": lambda: first(
                (order, "contact_name"),
                (requester, "real_name"),
                (application, "applicant_name"),
                (citizen, "real_name"),
            ),
            "order.contact_phone": lambda: first((order, "contact_phone"), (application, "phone"), (citizen, "phone")),
            "order.contact_id_number": lambda: first(
                (order, "contact_id_number"), (application, "id_number"), (citizen, "id_number")
            ),
            "order.contact_sex": lambda: first((order, "contact_sex")),
            "order.text": lambda: first((order, "text")),
            "legal_aid.name": lambda: first((application, "applicant_name")),
            "legal_aid.id_number": lambda: first((application, "id_number")),
            "legal_aid.phone": lambda: first((application, "phone")),
            "legal_aid.address": lambda: first((application, "address")),
            "legal_aid.opponent_name": lambda: first((application, "opponent_name")),
            # No address-to-court geocoding exists: the county of the request is the first guess,
            # and the question's help says to change it when the defendant lives elsewhere.
            "court.by_defendant": lambda: basic_court(self.region),
            "court.by_region": lambda: basic_court(self.region),
            "commission.labour": lambda: labour_commission(self.region),
            "mediation.committee_by_address": lambda: mediation_committee(self.region),
        }


def prefill_answers(definition: Any, known: Known) -> dict[str, Any]:
    """The prefilled raw answers of a new interview (top-level questions only)."""
    sources = known.sources()
    answers: dict[str, Any] = {}
    for step in definition.steps:
        for spec in step.fields:
            reader = sources.get(spec.prefill) if spec.prefill else None
            if reader is None:
                continue
            value = reader()
            if value in (None, ""):
                continue
            if spec.type == "choice" and str(value) not in dict(spec.choices):
                continue
            answers[spec.name] = str(value)
    return answers
