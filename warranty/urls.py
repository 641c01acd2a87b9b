from django.urls import path

from warranty import views

app_name = "warranty"

urlpatterns = [
    path("units/", views.unit_list, name="unit-list"),
    path("units/new/", views.unit_register, name="unit-register"),
    path("units/import/", views.unit_import, name="unit-import"),
    path("units/import/template.csv", views.unit_import_template, name="unit-import-template"),
    path("units/<path:serial>/", views.unit_detail, name="unit-detail"),
    path("cards/", views.card_list, name="card-list"),
    path("contracts/", views.contract_list, name="contract-list"),
    path("contracts/new/", views.contract_create, name="contract-create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract-detail"),
    path("contracts/<int:pk>/renew/", views.contract_renew, name="contract-renew"),
]
