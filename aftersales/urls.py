from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from aftersales.health import healthz

api_v1 = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("", include("sla.api.urls")),
    path("", include("tickets.api.urls")),
    path("warranty/", include("warranty.api.urls")),
    path("", include("dealers.api.urls")),
    path("", include("notifications.api.urls")),
    path("parts/", include("parts.api.urls")),
    path("workshop/", include("workshop.api.urls")),
    path("complaints/", include("complaints.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),  # type: ignore[arg-type]
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("tickets/", include("tickets.urls")),
    path("sla/", include("sla.urls")),
    path("warranty/", include("warranty.urls")),
    path("dealers/", include("dealers.urls")),
    path("notifications/", include("notifications.urls")),
    path("parts/", include("parts.urls")),
    path("workshop/", include("workshop.urls")),
    path("complaints/", include("complaints.urls")),
    path("s/", include("complaints.survey_urls")),
    path("", include("accounts.urls")),
]
