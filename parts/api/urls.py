from rest_framework.routers import SimpleRouter

from parts.api import views

router = SimpleRouter()
router.register("stores", views.StoreViewSet, basename="parts-store")
router.register("catalogue", views.PartViewSet, basename="parts-part")
router.register("levels", views.LevelViewSet, basename="parts-level")
router.register("moves", views.MoveViewSet, basename="parts-move")
router.register("receipts", views.ReceiptViewSet, basename="parts-receipt")
router.register("supplier-orders", views.SupplierOrderViewSet, basename="parts-order")
router.register("transfers", views.TransferViewSet, basename="parts-transfer")
router.register("reservations", views.ReservationViewSet, basename="parts-reservation")
router.register("use", views.UseViewSet, basename="parts-use")
router.register("counts", views.CountViewSet, basename="parts-count")

urlpatterns = router.urls
