from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from gongfa.api.api import api
from gongfa.core import views as core_views

admin.site.site_header = "公法通 管理后台"
admin.site.site_title = "公法通"

urlpatterns = [
    # Probes first: liveness answers without the database, readiness names what is down.
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", api.urls),
    path("accounts/", include("gongfa.accounts.urls")),
    path("workbench/", include("gongfa.workbench.urls")),
    path("services/", include("gongfa.catalog.urls")),
    path("", include("gongfa.portal.urls")),
]

# A database or broker outage that escapes a view is a 503, anything else a plain Chinese page.
handler500 = "gongfa.core.views.server_error"
# 403, 404 (and 405, through gongfa.core.middleware.ErrorPageMiddleware): the site's pages with a
# next step, in the visitor's language; a citizen who opens the workbench is offered the portal.
handler403 = "gongfa.core.views.permission_denied"
handler404 = "gongfa.core.views.page_not_found"
