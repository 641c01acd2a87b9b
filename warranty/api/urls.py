from django.urls import include, path
from rest_framework.routers import DefaultRouter

from warranty.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="warranty-unit")
router.register("product-models", views.ProductModelViewSet, basename="warranty-product-model")
router.register("warranty-cards", views.WarrantyCardViewSet, basename="warranty-card")
router.register("contracts", views.ContractViewSet, basename="warranty-contract")

urlpatterns = [
    path("check/", views.WarrantyCheckView.as_view(), name="warranty-check"),
    path(
        "tickets/<str:number>/revise/",
        views.TicketReviseView.as_view(),
        name="warranty-ticket-revise",
    ),
    path("", include(router.urls)),
]
