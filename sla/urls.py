from django.urls import path

from sla import calendar_views, views

app_name = "sla"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("calendars/", calendar_views.calendar_list, name="calendars"),
    path(
        "calendars/<slug:code>/schedule/",
        calendar_views.calendar_schedule,
        name="calendar-schedule",
    ),
]
