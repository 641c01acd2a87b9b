from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from aftersales.health import healthz

handler404 = "aftersales.api.not_found"

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("sla.api.urls")),
    path("", include("tickets.api.urls")),
    path("warranty/", include("warranty.api.urls")),
    path("", include("dealers.api.urls")),
    path("", include("notifications.api.urls")),
    path("parts/", include("parts.api.urls")),
    path("workshop/", include("workshop.api.urls")),
    path("", include("attachments.api.urls")),
    path("complaints/", include("complaints.api.urls")),
    path("reports/", include("reports.api.urls")),
]


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page says: send them to the app's icon."""
    return HttpResponseRedirect(static("favicon.svg"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),  # type: ignore[arg-type]
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from the app's own static files, its start-up script from a URL of its own
    # (no inline script). ReDoc is not offered: its bundle loads web fonts from another host.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api_docs/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("tickets/", include("tickets.urls")),
    path("sla/", include("sla.urls")),
    path("warranty/", include("warranty.urls")),
    path("dealers/", include("dealers.urls")),
    path("notifications/", include("notifications.urls")),
    path("parts/", include("parts.urls")),
    path("workshop/", include("workshop.urls")),
    path("attachments/", include("attachments.urls")),
    path("complaints/", include("complaints.urls")),
    path("s/", include("complaints.survey_urls")),
    path("portal/", include("portal.urls")),
    path("reports/", include("reports.urls")),
    path("", include("accounts.urls")),
]
