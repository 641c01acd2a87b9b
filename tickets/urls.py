from django.urls import path

from tickets import dispatch_clocks, views

app_name = "tickets"

NUMBER = "<str:number>"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("intake/", views.intake, name="intake"),
    path("intake/lookup/", views.customer_lookup, name="lookup"),
    path("dispatch/", views.dispatch_board, name="dispatch"),
    path("dispatch/clocks.json", dispatch_clocks.dispatch_clocks_json, name="dispatch-clocks"),
    path("my-jobs/", views.my_jobs, name="my_jobs"),
    path(f"{NUMBER}/", views.detail, name="detail"),
    path(f"{NUMBER}/act/", views.act, name="act"),
    path(f"{NUMBER}/voucher/", views.voucher, name="voucher"),
]
