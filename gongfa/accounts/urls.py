from django.urls import path

from gongfa.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.citizen_login, name="citizen_login"),
    path("login/verify/", views.citizen_verify, name="citizen_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("staff/login/", views.staff_login, name="staff_login"),
    path("me/", views.profile, name="profile"),
]
