from django.urls import path

from workshop import views

app_name = "workshop"

urlpatterns = [
    path("", views.register, name="register"),
    path("carry-ins/<str:number>/", views.entry_detail, name="entry"),
    path("carry-ins/<str:number>/<slug:kind>/", views.entry_print, name="entry-print"),
    path("standby/", views.standby_list, name="standby"),
    path("quotes/<str:number>/", views.quote_detail, name="quote"),
    path("returns/", views.return_list, name="returns"),
    path("returns/<str:number>/", views.return_detail, name="return"),
    path("tickets/<str:number>/bill/", views.bill, name="bill"),
    path("tickets/<str:number>/<slug:step>/", views.ticket_step, name="ticket-step"),
]
