"""The public legal-service directory (法律服务名录 / 法律服务地图): what it lists, how it is searched,
how far each place is.

Listed places are the active service points and agencies whose ``is_listed`` is on: centres,
stations, rooms, legal-aid centres, mediation committees, notary offices, appraisal institutions,
law firms, grassroots legal service offices and arbitration commissions.

How a search runs (constant queries, whatever the number of places):
1. one light query per model (points, agencies) with every filter in SQL — region subtree (code
   range), kind, service, text — returning only the fields a sort needs and the coordinates;
2. the two light lists are merged and sorted in Python: by region then kind, or by distance
   (haversine) when there is an origin;
3. the page's rows are fetched in full, one query per model (``hydrate``).

The bound: each light query stops at ``MAX_CANDIDATES`` rows (a county has a few hundred places,
so it only bites on an unfiltered search over a very large network, and the page says so). With
an origin ("near me"), only places inside a box of ``NEAR_RADIUS_KM`` around it are fetched (a
range filter on the stored latitude and longitude, the same SQL on SQLite and PostgreSQL), and
those farther than the radius by the exact distance are dropped.

A place without its own coordinates is placed at its point's (agencies housed in a centre) or its
region's centre (a village room at the village's centre): distances are "约" anyway.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, Q, QuerySet, When

from gongfa.accounts.choices import Role
from gongfa.core.i18n import Label
from gongfa.network.choices import AgencyKind, PointTier, ServiceKind
from gongfa.network.models import Agency, Region, ServicePoint, StaffPosting

EARTH_RADIUS_KM = 6371.0088  # the mean Earth radius (IUGG)
NEAR_RADIUS_KM = 50.0
MAX_CANDIDATES = 2000
PER_PAGE = 20

POINT = "point"
AGENCY = "agency"

# What an agency of each kind offers even where its own service list is left empty.
KIND_SERVICES: dict[str, tuple[str, ...]] = {
    AgencyKind.LEGAL_AID_CENTRE: (ServiceKind.LEGAL_AID, ServiceKind.CONSULTATION),
    AgencyKind.MEDIATION_COMMITTEE: (ServiceKind.MEDIATION,),
    AgencyKind.INDUSTRY_MEDIATION_COMMITTEE: (ServiceKind.MEDIATION,),
    AgencyKind.NOTARY_OFFICE: (ServiceKind.NOTARIZATION,),
    AgencyKind.APPRAISAL_INSTITUTION: (ServiceKind.APPRAISAL,),
    AgencyKind.LAW_FIRM: (ServiceKind.LAWYER_REFERRAL, ServiceKind.CONSULTATION),
    AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE: (ServiceKind.CONSULTATION, ServiceKind.DOCUMENT_DRAFTING),
    AgencyKind.ARBITRATION_COMMISSION: (ServiceKind.ARBITRATION,),
}

# The kind filter: the three tiers of points, then the agency kinds (their values never collide).
KIND_CHOICES: list[tuple[str, Label]] = [*PointTier.choices, *AgencyKind.choices]
_KIND_LABELS = dict(KIND_CHOICES)
# Within one region: the point first, then agencies in this order.
_KIND_ORDER = {value: index for index, (value, _) in enumerate(KIND_CHOICES)}


def kind_label(kind: str) -> str:
    return str(_KIND_LABELS.get(kind, kind))


def services_of(kind: str, services: Iterable[str]) -> list[str]:
    """A place's services: its own list, and what its kind implies, in the catalogue's order."""
    offered = set(services) | set(KIND_SERVICES.get(kind, ()))
    return [value for value in ServiceKind.values if value in offered]


def service_labels(kind: str, services: Iterable[str]) -> list[str]:
    return [str(ServiceKind(value).label) for value in services_of(kind, services)]


# ---------------------------------------------------------------------------------------------
# Distance.
# ---------------------------------------------------------------------------------------------
def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The great-circle distance in kilometres (haversine formula, spherical Earth)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from: the visitor's position or a village's centre."""

    latitude: float
    longitude: float
    label: Label  # "您的位置" or the village's name

    def box(self, radius_km: float = NEAR_RADIUS_KM) -> tuple[float, float, float, float]:
        """(south, north, west, east): a box holding every point within radius_km (lat/lng in
        degrees; a degree of latitude is ~111.2 km, one of longitude shrinks with cos(latitude))."""
        d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
        cos_lat = max(math.cos(math.radians(self.latitude)), 1e-6)
        d_lng = min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
        return self.latitude - d_lat, self.latitude + d_lat, self.longitude - d_lng, self.longitude + d_lng


def region_centre(region: Region) -> tuple[float, float] | None:
    """The region's stored centre, else its nearest ancestor's that has one (one query at most)."""
    latitude, longitude = region.latitude, region.longitude
    if latitude is not None and longitude is not None:
        return float(latitude), float(longitude)
    row = (
        Region.objects.filter(code__in=region.ancestor_codes(), latitude__isnull=False, longitude__isnull=False)
        .order_by("-level")
        .values_list("latitude", "longitude")
        .first()
    )
    if row is None or row[0] is None or row[1] is None:
        return None
    return float(row[0]), float(row[1])


# ---------------------------------------------------------------------------------------------
# Search.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Search:
    """A cleaned search: every part optional."""

    region: Region | None = None  # the area: places in this region's subtree
    origin: Origin | None = None  # sort by distance from here, within NEAR_RADIUS_KM
    service: str = ""  # a ServiceKind value
    kind: str = ""  # a PointTier or AgencyKind value
    text: str = ""  # in the name or the address


@dataclass(frozen=True)
class Entry:
    """One listed place in a result list (light: enough to sort, page and draw a marker)."""

    model: str  # POINT or AGENCY
    pk: int
    name: str
    kind: str
    region_code: str
    region_level: int
    latitude: float | None
    longitude: float | None
    distance_km: float | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.model, self.pk)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass
class Results:
    entries: list[Entry]
    truncated: bool = False  # a light query reached MAX_CANDIDATES
    search: Search = field(default_factory=Search)


def listed_points() -> QuerySet[ServicePoint]:
    return ServicePoint.objects.filter(is_listed=True, is_active=True)


def listed_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_listed=True, is_active=True)


def _with_position(queryset: QuerySet[Any], fallbacks: Sequence[str]) -> QuerySet[Any]:
    """Annotate `lat`/`lng`: the row's own coordinates, else the first fallback that has both."""
    sources = ["", *fallbacks]
    whens_lat = []
    whens_lng = []
    for source in sources:
        prefix = f"{source}__" if source else ""
        has = Q(**{f"{prefix}latitude__isnull": False, f"{prefix}longitude__isnull": False})
        whens_lat.append(When(has, then=F(f"{prefix}latitude")))
        whens_lng.append(When(has, then=F(f"{prefix}longitude")))
    return queryset.annotate(lat=Case(*whens_lat, default=None), lng=Case(*whens_lng, default=None))


def _filtered(queryset: QuerySet[Any], search: Search, kind_field: str, kinds: Iterable[str]) -> QuerySet[Any]:
    if search.region is not None:
        queryset = queryset.filter(region__code__range=search.region.subtree_bounds())
    if search.kind:
        if search.kind not in set(kinds):
            return queryset.none()
        queryset = queryset.filter(**{kind_field: search.kind})
    if search.service:
        # Services are a JSON list of codes: match the quoted code in its text (the same SQL on SQLite
        # and PostgreSQL), or a kind that implies the service.
        implied = [kind for kind, services in KIND_SERVICES.items() if search.service in services]
        condition = Q(services__icontains=f'"{search.service}"')
        if kind_field == "kind" and implied:
            condition |= Q(kind__in=implied)
        queryset = queryset.filter(condition)
    if search.text:
        queryset = queryset.filter(Q(name__icontains=search.text) | Q(address__icontains=search.text))
    if search.origin is not None:
        south, north, west, east = search.origin.box()
        queryset = queryset.filter(lat__gte=south, lat__lte=north, lng__gte=west, lng__lte=east)
    return queryset


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def search_places(search: Search) -> Results:
    """The listed places matching `search`, sorted (two queries)."""
    points = _filtered(_with_position(listed_points(), ["region"]), search, "tier", PointTier.values)
    agencies = _filtered(_with_position(listed_agencies(), ["point", "region"]), search, "kind", AgencyKind.values)
    fields = ("pk", "name", "region__code", "region__level", "lat", "lng")
    point_rows = list(points.order_by("region__code", "tier").values_list(*fields, "tier")[: MAX_CANDIDATES + 1])
    agency_rows = list(
        agencies.order_by("region__code", "kind", "name").values_list(*fields, "kind")[: MAX_CANDIDATES + 1]
    )
    truncated = len(point_rows) > MAX_CANDIDATES or len(agency_rows) > MAX_CANDIDATES
    entries: list[Entry] = []
    for model, rows in ((POINT, point_rows[:MAX_CANDIDATES]), (AGENCY, agency_rows[:MAX_CANDIDATES])):
        for pk, name, code, level, lat, lng, kind in rows:
            entries.append(Entry(model, pk, name, kind, code, level, _float(lat), _float(lng)))
    origin = search.origin
    if origin is None:
        entries.sort(key=lambda e: (e.region_level, e.region_code, 0 if e.model == POINT else 1, _rank(e), e.name))
    else:
        measured = []
        for entry in entries:
            if entry.latitude is None or entry.longitude is None:
                continue
            distance = haversine_km(origin.latitude, origin.longitude, entry.latitude, entry.longitude)
            if distance <= NEAR_RADIUS_KM:
                measured.append(_replace_distance(entry, distance))
        entries = sorted(measured, key=lambda e: (e.distance_km, _rank(e), e.name))
    return Results(entries=entries, truncated=truncated, search=search)


def _rank(entry: Entry) -> int:
    return _KIND_ORDER.get(entry.kind, len(_KIND_ORDER))


def _replace_distance(entry: Entry, distance: float) -> Entry:
    return Entry(
        entry.model,
        entry.pk,
        entry.name,
        entry.kind,
        entry.region_code,
        entry.region_level,
        entry.latitude,
        entry.longitude,
        distance,
    )


@dataclass
class Card:
    """One place on a list page: the row and its light entry (distance)."""

    entry: Entry
    place: ServicePoint | Agency

    @property
    def is_point(self) -> bool:
        return self.entry.model == POINT


def hydrate(entries: Sequence[Entry]) -> list[Card]:
    """The full rows of a page of entries, in the entries' order (one query per model)."""
    point_ids = [e.pk for e in entries if e.model == POINT]
    agency_ids = [e.pk for e in entries if e.model == AGENCY]
    points = ServicePoint.objects.select_related("region").in_bulk(point_ids) if point_ids else {}
    agencies = Agency.objects.select_related("region").in_bulk(agency_ids) if agency_ids else {}
    cards = []
    for entry in entries:
        place: ServicePoint | Agency | None = points.get(entry.pk) if entry.model == POINT else agencies.get(entry.pk)
        if place is not None:
            cards.append(Card(entry, place))
    return cards


# ---------------------------------------------------------------------------------------------
# A place's public page.
# ---------------------------------------------------------------------------------------------
def public_point(pk: int) -> ServicePoint:
    """A listed point (raises ServicePoint.DoesNotExist for an unlisted or closed one)."""
    return listed_points().select_related("region").get(pk=pk)


def public_agency(pk: int) -> Agency:
    """A listed agency (raises Agency.DoesNotExist for an unlisted or closed one)."""
    return listed_agencies().select_related("region", "point").get(pk=pk)


@dataclass(frozen=True)
class ListedPerson:
    """A staff member who agreed to be listed: name, role and topics, never a phone."""

    name: str
    role: str
    topics: tuple[str, ...]


def listed_staff(place: ServicePoint | Agency) -> list[ListedPerson]:
    """Active postings at the place whose holder agreed to be listed (two queries)."""
    from gongfa.workorders.models import Topic

    where = Q(point=place) if isinstance(place, ServicePoint) else Q(agency=place)
    postings = list(
        StaffPosting.objects.active()
        .filter(where, listed_publicly=True, user__is_active=True)
        .order_by("role", "user__real_name", "pk")
        .values_list("user__real_name", "user__username", "role", "topics")
    )
    codes = {code for *_, topics in postings for code in (topics or [])}
    names = dict(Topic.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    roles = dict(Role.choices)
    return [
        ListedPerson(
            name=real_name or username,
            role=str(roles.get(role, role)),
            topics=tuple(names.get(code, code) for code in (topics or [])),
        )
        for real_name, username, role, topics in postings
    ]


def handled_matters(office: Agency) -> list[Any]:
    """The notary office's active matters (OfficeMatter rows, with their matter), in list order."""
    from gongfa.appointments.models import OfficeMatter

    return list(
        OfficeMatter.objects.filter(office=office, is_active=True, matter__is_active=True)
        .select_related("matter", "matter__parent")
        .order_by("matter__sort_order", "matter__code")
    )


def next_free_slots(office: Agency, *, limit: int = 3) -> list[Any]:
    """The office's next free booking slots, from the booking part; none while that part is absent."""
    try:
        from gongfa.appointments.selectors.booking import next_free_slots as slots_of
    except ImportError:
        return []
    return list(slots_of(office, limit=limit))
