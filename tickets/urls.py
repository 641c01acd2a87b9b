from django.urls import path

from tickets import dispatch_clocks, intake_views, views

app_name = "tickets"

NUMBER = "<str:number>"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("intake/", intake_views.intake, name="intake"),
    path("intake/lookup/", intake_views.customer_lookup, name="lookup"),
    path("dispatch/", views.dispatch_board, name="dispatch"),
    path("dispatch/clocks.json", dispatch_clocks.dispatch_clocks_json, name="dispatch-clocks"),
    path("my-jobs/", views.my_jobs, name="my_jobs"),
    path(f"{NUMBER}/", views.detail, name="detail"),
    path(f"{NUMBER}/act/", views.act, name="act"),
    path(f"{NUMBER}/voucher/", views.voucher, name="voucher"),
]
