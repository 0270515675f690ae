from django.urls import path

from gongfa.workbench import views

app_name = "workbench"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("orders/<str:tracking_number>/", views.order_detail, name="order_detail"),
    path("orders/<str:tracking_number>/answer/", views.answer_order, name="answer_order"),
    path("orders/<str:tracking_number>/reveal/", views.reveal_requester, name="reveal_requester"),
]
