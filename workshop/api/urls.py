from rest_framework.routers import SimpleRouter

from workshop.api import views

router = SimpleRouter()
router.register("carry-ins", views.CarryInViewSet, basename="workshop-carry-in")
router.register("standby-units", views.StandbyUnitViewSet, basename="workshop-standby-unit")
router.register("standby-loans", views.LoanViewSet, basename="workshop-loan")
router.register("quotes", views.QuoteViewSet, basename="workshop-quote")
router.register("bills", views.BillViewSet, basename="workshop-bill")
router.register("exchanges", views.ExchangeViewSet, basename="workshop-exchange")
router.register("returns", views.ReturnViewSet, basename="workshop-return")

urlpatterns = router.urls
