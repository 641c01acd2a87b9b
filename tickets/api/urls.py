from rest_framework.routers import SimpleRouter

from tickets.api.views import CustomerViewSet, FaultSeverityViewSet, TicketViewSet

router = SimpleRouter()
router.register("tickets", TicketViewSet, basename="ticket")
router.register("customers", CustomerViewSet, basename="customer")
router.register("fault-severities", FaultSeverityViewSet, basename="fault-severity")

urlpatterns = router.urls
