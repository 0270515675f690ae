"""Document drafting on the portal, under /drafting/ (names in the portal namespace)."""

from django.urls import path

from gongfa.portal.drafting import views

urlpatterns = [
    path("", views.choose, name="drafting_choose"),
    path("start/", views.start, name="drafting_start"),
    path("<uuid:reference>/", views.detail, name="drafting_detail"),
    path("<uuid:reference>/review/", views.review, name="drafting_review"),
    path("<uuid:reference>/do/<str:action>/", views.action, name="drafting_action"),
    path("<uuid:reference>/v<int:version>.<str:fmt>", views.download, name="drafting_download"),
    path("<uuid:reference>/<str:key>/", views.step, name="drafting_step"),
]
