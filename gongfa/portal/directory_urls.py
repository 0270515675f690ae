"""URLs of the public legal-service directory (法律服务名录), included under /directory/ in the
portal's namespace (portal:directory, portal:directory_agency, …)."""

from django.urls import path

from gongfa.portal import directory

urlpatterns = [
    path("", directory.directory_page, name="directory"),
    path("regions/", directory.region_options, name="directory_regions"),
    path("agency/<int:pk>/", directory.agency_page, name="directory_agency"),
    path("point/<int:pk>/", directory.point_page, name="directory_point"),
]
