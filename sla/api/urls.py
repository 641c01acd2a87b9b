from django.urls import path
from rest_framework.routers import SimpleRouter

from sla.api.calendars import CalendarViewSet
from sla.api.clocks import ClockViewSet
from sla.api.views import PolicyViewSet, ticket_sla

router = SimpleRouter()
router.register("calendars", CalendarViewSet, basename="calendar")
router.register("sla-policies", PolicyViewSet, basename="sla-policy")
router.register("sla-clocks", ClockViewSet, basename="sla-clock")

urlpatterns = [
    path("tickets/<str:number>/sla/", ticket_sla, name="ticket-sla"),
    *router.urls,
]
