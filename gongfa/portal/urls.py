from django.urls import path

from gongfa.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.ask, name="ask"),
    path("qa/", views.qa, name="qa"),
    path("qa/<int:question_id>/handover/", views.qa_handover, name="qa_handover"),
    path("ask/villages/", views.village_options, name="village_options"),
    path("my/", views.my_items, name="my_items"),
    path("my/<str:tracking_number>/", views.item_detail, name="item_detail"),
    path("my/<str:tracking_number>/rate/", views.rate_item, name="rate_item"),
    path("r/<str:token>/", views.rate_by_link, name="rate_by_link"),
    path("preferences/elder-mode/", views.elder_mode, name="elder_mode"),
]
