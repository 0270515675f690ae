from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from gongfa.api.api import api

admin.site.site_header = "公法通 管理后台"
admin.site.site_title = "公法通"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("accounts/", include("gongfa.accounts.urls")),
    path("workbench/", include("gongfa.workbench.urls")),
    path("services/", include("gongfa.catalog.urls")),
    path("", include("gongfa.portal.urls")),
]
