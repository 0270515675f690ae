"""The directory's queries (gongfa.network.directory): distance, filters, listing, order, the bound."""

from __future__ import annotations

import math
import sys
from decimal import Decimal

import pytest

from gongfa.accounts.choices import Role
from gongfa.network import directory
from gongfa.network.choices import AgencyKind, ServiceKind
from gongfa.network.directory import Origin, Search, haversine_km, search_places
from gongfa.network.models import Agency
from gongfa.testing.factories import post, staff
from gongfa.workorders.models import Topic

KM_PER_DEGREE = 6371.0088 * math.pi / 180  # 111.19508… km along a meridian


def keys(results: directory.Results) -> list[tuple[str, int]]:
    return [e.key for e in results.entries]


def place(obj, lat: float | None, lng: float | None) -> None:
    obj.latitude = None if lat is None else Decimal(str(lat))
    obj.longitude = None if lng is None else Decimal(str(lng))
    obj.save(update_fields=["latitude", "longitude"])


# -- distance ------------------------------------------------------------------------------------
def test_haversine_along_a_meridian_is_the_arc_length():
    assert haversine_km(29.0, 118.9, 30.0, 118.9) == pytest.approx(KM_PER_DEGREE, rel=1e-9)
    assert haversine_km(0, 0, 0, 1) == pytest.approx(KM_PER_DEGREE, rel=1e-9)
    assert haversine_km(29.0, 118.9, 29.0, 118.9) == 0


def test_haversine_shrinks_with_latitude_along_a_parallel():
    # At 60° a degree of longitude is about half a degree at the equator.
    assert haversine_km(60, 0, 60, 1) == pytest.approx(55.6, abs=0.1)
    # Antipodes: half the circumference, no math domain error.
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)


def test_the_box_holds_every_point_at_the_radius():
    origin = Origin(29.0, 118.9, "x")
    south, north, west, east = origin.box(50)
    for bearing in range(0, 360, 15):
        # A point 49.9 km away in each direction lies in the box.
        d = 49.9 / 6371.0088
        lat1, lng1, theta = math.radians(29.0), math.radians(118.9), math.radians(bearing)
        lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(theta))
        lng2 = lng1 + math.atan2(
            math.sin(theta) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2)
        )
        lat, lng = math.degrees(lat2), math.degrees(lng2)
        assert south <= lat <= north and west <= lng <= east


# -- listing ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_unlisted_and_closed_places_are_not_in_the_directory(network):
    room = network.rooms[network.villages[0].code]
    room.is_listed = False
    room.save(update_fields=["is_listed"])
    network.legal_aid_centre.is_active = False
    network.legal_aid_centre.save(update_fields=["is_active"])
    found = keys(search_places(Search()))
    assert ("point", room.pk) not in found
    assert ("agency", network.legal_aid_centre.pk) not in found
    assert ("point", network.centre.pk) in found
    with pytest.raises(type(room).DoesNotExist):
        directory.public_point(room.pk)
    with pytest.raises(Agency.DoesNotExist):
        directory.public_agency(network.legal_aid_centre.pk)


@pytest.mark.django_db
def test_without_an_origin_the_list_goes_from_the_county_down(network):
    entries = search_places(Search()).entries
    assert entries[0].key == ("point", network.centre.pk)
    assert entries[1].key == ("agency", network.legal_aid_centre.pk)
    stations = [e for e in entries if e.kind == "station"]
    rooms = [e for e in entries if e.kind == "room"]
    assert [e.region_code for e in stations] == sorted(t.code for t in network.townships)
    assert entries.index(stations[-1]) < entries.index(rooms[0])
    assert all(e.distance_km is None for e in entries)


@pytest.mark.django_db
def test_region_filter_is_the_subtree(network):
    township = network.townships[1]
    found = search_places(Search(region=township)).entries
    assert {e.region_code for e in found} == {township.code, *(v.code for v in network.villages[3:])}


@pytest.mark.django_db
def test_kind_service_and_text_filters(network):
    notary = Agency.objects.create(
        name="示范市示范县公证处", kind=AgencyKind.NOTARY_OFFICE, region=network.county, address="府前路8号"
    )
    network.stations[network.townships[0].code].services = [ServiceKind.NOTARIZATION]
    network.stations[network.townships[0].code].save(update_fields=["services"])
    by_kind = keys(search_places(Search(kind=AgencyKind.NOTARY_OFFICE)))
    assert by_kind == [("agency", notary.pk)]
    assert keys(search_places(Search(kind="room"))) == [("point", p.pk) for p in network.rooms.values()]
    # The office's kind implies notarization; the centre (every service) and the station list it.
    by_service = keys(search_places(Search(service=ServiceKind.NOTARIZATION)))
    station = network.stations[network.townships[0].code]
    assert set(by_service) == {("agency", notary.pk), ("point", station.pk), ("point", network.centre.pk)}
    # The centre offers every service (its list); "mediation" does not match a longer code.
    assert ("point", network.centre.pk) in keys(search_places(Search(service=ServiceKind.MEDIATION)))
    assert keys(search_places(Search(text="府前路"))) == [("agency", notary.pk)]
    assert keys(search_places(Search(text="公证处"))) == [("agency", notary.pk)]
    assert keys(search_places(Search(text="没有这个名字"))) == []


# -- near me ---------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_near_sorts_by_distance_with_hand_computed_kilometres(network):
    # Due north of the origin along the meridian 118.9°E: 0.03° ≈ 3.3359 km, 0.01° ≈ 1.1120 km.
    origin = Origin(29.0, 118.9, "桃源村")
    place(network.centre, 29.03, 118.9)
    place(network.legal_aid_centre, 29.01, 118.9)
    station = network.stations[network.townships[0].code]
    place(station, 28.98, 118.9)  # 0.02° south ≈ 2.2239 km
    far = network.stations[network.townships[1].code]
    place(far, 29.5, 118.9)  # ≈ 55.6 km: beyond the 50 km radius
    found = search_places(Search(origin=origin)).entries
    assert [e.key for e in found] == [
        ("agency", network.legal_aid_centre.pk),
        ("point", station.pk),
        ("point", network.centre.pk),
    ]
    assert [e.distance_km for e in found] == [
        pytest.approx(0.01 * KM_PER_DEGREE, abs=1e-4),
        pytest.approx(0.02 * KM_PER_DEGREE, abs=1e-4),
        pytest.approx(0.03 * KM_PER_DEGREE, abs=1e-4),
    ]
    assert [f"{e.distance_km:.1f}" for e in found] == ["1.1", "2.2", "3.3"]


@pytest.mark.django_db
def test_a_place_without_coordinates_takes_its_point_or_region_centre(network):
    place(network.centre, 29.02, 118.9)  # the legal-aid centre sits in the centre, no own position
    village = network.villages[0]
    place(village, 29.0, 118.95)  # the room has none: the village's centre
    found = {e.key: e for e in search_places(Search(origin=Origin(29.0, 118.9, "x"))).entries}
    assert found[("agency", network.legal_aid_centre.pk)].latitude == pytest.approx(29.02)
    room = found[("point", network.rooms[village.code].pk)]
    assert (room.latitude, room.longitude) == (pytest.approx(29.0), pytest.approx(118.95))
    # Places with no position at all are left out of a near search.
    assert ("point", network.rooms[network.villages[1].code].pk) not in found


@pytest.mark.django_db
def test_region_centre_falls_back_to_the_nearest_ancestor(network, django_assert_max_num_queries):
    village = network.villages[0]
    assert directory.region_centre(village) is None
    place(network.county, 29.1, 118.8)
    place(network.townships[0], 29.05, 118.85)
    with django_assert_max_num_queries(1):
        assert directory.region_centre(village) == (pytest.approx(29.05), pytest.approx(118.85))
    place(village, 29.0, 118.9)
    assert directory.region_centre(village) == (pytest.approx(29.0), pytest.approx(118.9))


@pytest.mark.django_db
def test_the_candidate_bound_is_reported(network, monkeypatch):
    monkeypatch.setattr(directory, "MAX_CANDIDATES", 3)
    results = search_places(Search())
    assert results.truncated
    assert len([e for e in results.entries if e.model == "point"]) == 3
    assert not search_places(Search(region=network.villages[0])).truncated


@pytest.mark.django_db
def test_hydrate_keeps_the_order_in_two_queries(network, django_assert_num_queries):
    entries = search_places(Search()).entries[:5]
    with django_assert_num_queries(2):
        cards = directory.hydrate(entries)
    assert [(c.entry.model, c.place.pk) for c in cards] == [e.key for e in entries]
    assert cards[0].place.region.code == network.county.code  # region came with the row


# -- a place's page --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_only_staff_who_agreed_are_listed_without_their_phone(network):
    listed = staff(Role.WINDOW_STAFF, real_name="林晓燕")
    post(listed, network.centre, listed_publicly=True, topics=["labour"])
    staff(Role.WINDOW_STAFF, at=network.centre, real_name="周不公开")
    gone = staff(Role.WINDOW_STAFF, real_name="吴已离岗")
    post(gone, network.centre, listed_publicly=True, is_active=False)
    people = directory.listed_staff(network.centre)
    assert [p.name for p in people] == ["林晓燕"]
    assert people[0].role == Role.WINDOW_STAFF.label
    assert people[0].topics == (Topic.objects.get(code="labour").name,)
    assert not hasattr(people[0], "phone")


@pytest.mark.django_db
def test_next_free_slots_is_empty_while_the_booking_part_is_absent(network, monkeypatch):
    monkeypatch.setitem(sys.modules, "gongfa.appointments.selectors.booking", None)
    assert directory.next_free_slots(network.legal_aid_centre) == []


def test_services_of_adds_what_the_kind_implies():
    assert directory.services_of(AgencyKind.NOTARY_OFFICE, []) == [ServiceKind.NOTARIZATION]
    assert directory.services_of(AgencyKind.ARBITRATION_COMMISSION, ["consultation"]) == [
        ServiceKind.CONSULTATION,
        ServiceKind.ARBITRATION,
    ]
    assert directory.service_labels("room", ["mediation"]) == ["人民调解"]
