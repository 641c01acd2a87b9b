from django.urls import path

from parts import views

app_name = "parts"

urlpatterns = [
    path("", views.stores, name="stores"),
    path("stores/<slug:code>/", views.store_detail, name="store"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<str:number>/<slug:step>/", views.transfer_step, name="transfer-step"),
    path("counts/<str:number>/", views.count_detail, name="count"),
    path("tickets/<str:number>/", views.ticket_parts, name="ticket-parts"),
]
