from django.urls import path

from tickets import sla_views

app_name = "sla"

urlpatterns = [
    path("", sla_views.overview, name="overview"),
]
