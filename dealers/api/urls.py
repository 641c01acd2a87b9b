from rest_framework.routers import SimpleRouter

from dealers.api import views

router = SimpleRouter()
router.register("dealers", views.DealerViewSet, basename="dealer")
router.register("technicians", views.TechnicianViewSet, basename="technician")
router.register("repair-records", views.RepairRecordViewSet, basename="repair-record")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("shipments", views.ShipmentViewSet, basename="shipment")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("assessments", views.AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
