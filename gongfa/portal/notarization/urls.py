"""Notarization booking on the portal, under /notarization/ (names in the portal namespace)."""

from django.urls import path

from gongfa.portal.notarization import booking, bookings

urlpatterns = [
    path("book/", booking.book, name="notarization_book"),
    path("book/details/", booking.details, name="notarization_book_details"),
    path("bookings/", bookings.my_bookings, name="notarization_my_bookings"),
    path("bookings/<str:number>/", bookings.booking_page, name="notarization_booking"),
    path("bookings/<str:number>/print/", bookings.booking_print, name="notarization_booking_print"),
    path("bookings/<str:number>/reschedule/", bookings.reschedule, name="notarization_reschedule"),
    path("bookings/<str:number>/cancel/", bookings.cancel, name="notarization_cancel"),
]
