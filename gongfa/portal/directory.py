"""The public legal-service directory and map (法律服务名录 / 法律服务地图), for anyone, GET only.

- /directory/: search by region (county → township → village), service, kind and text; "near
  me" from the browser's position (near.js, when the visitor allows it) or the chosen village;
  phone-first cards, paginated. The queries live in gongfa.network.directory.
- The map is drawn only where settings.MAP_TILE_URL names a tile server and Leaflet is installed
  (package.json, served from node_modules as static "vendor/leaflet/…"): tiles come from that
  server alone, nothing from a CDN. Without it the list, sorted by distance, is the directory.
- /directory/agency/<id>/ and /directory/point/<id>/: a listed place's public page.

Law firms and lawyers show only their public profile here; the outreach app will add their
public-good records (公益法律服务记录) when it lands.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from gongfa.core.access import Audience, door
from gongfa.core.dbrouting import replica_view
from gongfa.core.forms import page_status
from gongfa.network import directory
from gongfa.network.choices import AgencyKind
from gongfa.network.models import Agency, ServicePoint
from gongfa.portal.directory_forms import DirectorySearchForm

LEAFLET_JS = "vendor/leaflet/dist/leaflet.js"
LEAFLET_CSS = "vendor/leaflet/dist/leaflet.css"
MAX_MARKERS = 500
# The booking pages' start (issue #14 booking part: office → matter → slot), with ?office=<pk>.
BOOKING_URL_NAME = "portal:notarization_book"


# ---------------------------------------------------------------------------------------------
# The map's assets and headers.
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _leaflet_found() -> bool:
    from django.contrib.staticfiles import finders

    return bool(finders.find(LEAFLET_JS)) and bool(finders.find(LEAFLET_CSS))


def leaflet_assets() -> tuple[str, str] | None:
    """(script URL, stylesheet URL) of Leaflet, or None where it is not installed."""
    from django.templatetags.static import static

    try:
        if not _leaflet_found():
            return None
        return static(LEAFLET_JS), static(LEAFLET_CSS)
    except ValueError:  # the manifest storage does not know it (collectstatic ran without it)
        return None


def tile_origin(url: str) -> str:
    """The origin the tiles come from, for the page's Content-Security-Policy ('self' when relative)."""
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"} and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return "'self'"


def _map_context(entries: list[directory.Entry], origin: directory.Origin | None) -> dict[str, Any] | None:
    tile_url = settings.MAP_TILE_URL
    assets = leaflet_assets() if tile_url else None
    if not tile_url or assets is None:
        return None
    places = [
        {
            "name": e.name,
            "kind": str(e.kind_label),
            "lat": round(e.latitude, 6),
            "lng": round(e.longitude, 6),
            "url": _place_url(e),
        }
        for e in entries
        if e.latitude is not None and e.longitude is not None
    ][:MAX_MARKERS]
    return {
        "tile_url": tile_url,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "places": json.dumps(places, ensure_ascii=False),
        "origin": json.dumps(
            {"lat": origin.latitude, "lng": origin.longitude, "label": str(origin.label)} if origin else None,
            ensure_ascii=False,
        ),
        "leaflet_js": assets[0],
        "leaflet_css": assets[1],
        "count": len(places),
    }


def _with_directory_headers(response: HttpResponse, *, tiles: bool) -> HttpResponse:
    """This page may ask for the position (Permissions-Policy geolocation=(self)) and show tiles
    from the configured server (img-src); every other page keeps the site's policies."""
    features = [f"{f}=(self)" if f == "geolocation" else f"{f}=()" for f in settings.PERMISSIONS_POLICY]
    if "geolocation" not in settings.PERMISSIONS_POLICY:
        features.append("geolocation=(self)")
    response.headers["Permissions-Policy"] = ", ".join(features)
    if tiles and not settings.DEBUG and settings.CONTENT_SECURITY_POLICY:
        policy = {key: list(value) for key, value in settings.CONTENT_SECURITY_POLICY.items()}
        origin = tile_origin(settings.MAP_TILE_URL)
        images = policy.setdefault("img-src", ["'self'"])
        if origin not in images:
            images.append(origin)
        response.headers["Content-Security-Policy"] = "; ".join(
            f"{directive} {' '.join(sources)}".strip() for directive, sources in policy.items()
        )
    return response


def _place_url(entry: directory.Entry) -> str:
    name = "portal:directory_point" if entry.model == directory.POINT else "portal:directory_agency"
    return reverse(name, args=[entry.pk])


# ---------------------------------------------------------------------------------------------
# The directory.
# ---------------------------------------------------------------------------------------------
def _query_without_page(request: HttpRequest) -> str:
    pairs = [(key, value) for key, value in request.GET.items() if key != "page" and value]
    return urlencode(pairs)


@door(Audience.PUBLIC)
@require_GET
@replica_view
def directory_page(request: HttpRequest) -> HttpResponse:
    searching = any(value for key, value in request.GET.items() if key != "page")
    form = DirectorySearchForm(request.GET if searching else None)
    context: dict[str, Any] = {"form": form, "query": _query_without_page(request)}
    map_context = None
    if not searching or form.is_valid():
        search = form.search() if searching else directory.Search(region=form.chosen_county)
        results = directory.search_places(search)
        page = Paginator(results.entries, directory.PER_PAGE).get_page(request.GET.get("page"))
        map_context = _map_context(results.entries, search.origin)
        context.update(
            results=results,
            page=page,
            cards=directory.hydrate(list(page.object_list)),
            origin=search.origin,
            map=map_context,
            near_radius=int(directory.NEAR_RADIUS_KM),
        )
    response = render(request, "portal/directory/index.html", context, status=page_status(form))
    return _with_directory_headers(response, tiles=map_context is not None)


@door(Audience.PUBLIC)
@require_GET
@replica_view
def region_options(request: HttpRequest) -> HttpResponse:
    """htmx partial: the region selects for the county and township chosen so far (the page
    itself works without it)."""
    form = DirectorySearchForm(request.GET)
    return render(request, "portal/directory/partials/regions.html", {"form": form})


# ---------------------------------------------------------------------------------------------
# A place's page.
# ---------------------------------------------------------------------------------------------
def _booking_url(office: Agency) -> str:
    """The booking start for this office, or the matter list while the booking pages are absent."""
    try:
        return f"{reverse(BOOKING_URL_NAME)}?{urlencode({'office': office.pk})}"
    except NoReverseMatch:
        return reverse("portal:notarization_matters")


def _arbitration_guidance() -> Any:
    from gongfa.catalog.models import ServiceType

    return ServiceType.objects.active().filter(code="arbitration").first()


def _place_context(place: ServicePoint | Agency) -> dict[str, Any]:
    kind = place.tier if isinstance(place, ServicePoint) else place.kind
    return {
        "place": place,
        "kind_label": directory.kind_label(kind),
        "services": directory.service_labels(kind, place.services or []),
        "region_name": place.region.full_name,
        "staff": directory.listed_staff(place),
        "has_position": place.latitude is not None and place.longitude is not None,
    }


@door(Audience.PUBLIC)
@require_GET
@replica_view
def agency_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        agency = directory.public_agency(pk)
    except Agency.DoesNotExist:
        raise Http404(gettext("找不到该机构，或它没有在名录中公开。")) from None
    context = _place_context(agency)
    if agency.kind == AgencyKind.NOTARY_OFFICE:
        context.update(
            matters=directory.handled_matters(agency),
            slots=directory.next_free_slots(agency, limit=3),
            booking_url=_booking_url(agency),
        )
    elif agency.kind == AgencyKind.ARBITRATION_COMMISSION:
        context["guidance"] = _arbitration_guidance()
    elif agency.kind in {AgencyKind.LAW_FIRM, AgencyKind.GRASSROOTS_LEGAL_SERVICE_OFFICE}:
        # Last year's public-good result (band and hours) of the people who agreed to be listed.
        from gongfa.outreach.selectors.publicgood import default_year, listed_results

        year = default_year() - 1
        context.update(public_good=listed_results(agency, year), public_good_year=year, profile_only=True)
    return render(request, "portal/directory/place.html", context)


@door(Audience.PUBLIC)
@require_GET
@replica_view
def point_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        point = directory.public_point(pk)
    except ServicePoint.DoesNotExist:
        raise Http404(gettext("找不到该服务点，或它没有在名录中公开。")) from None
    context = _place_context(point)
    context["agencies"] = list(
        directory.listed_agencies().filter(point=point).order_by("kind", "name").only("pk", "name", "kind")
    )
    return render(request, "portal/directory/place.html", context)
