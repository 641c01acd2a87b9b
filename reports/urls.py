from django.urls import path

from reports import views, views_reports

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/<str:dimension>/", views.dashboard_list, name="dashboard-list"),
    path("dashboard.<str:fmt>", views.dashboard_export, name="dashboard-export"),
    path("board/", views.board, name="board"),
    path("queue.<str:fmt>", views.queue_export, name="queue-export"),
    path("technicians/", views_reports.technician_daily, name="technician-daily"),
    path(
        "technicians.<str:fmt>",
        views_reports.technician_daily_export,
        name="technician-daily-export",
    ),
    path("costs/", views_reports.cost_reports, name="costs"),
    path("costs/<int:year>-<int:month>/", views_reports.cost_report, name="cost-report"),
    path(
        "costs/<int:year>-<int:month>.<str:fmt>",
        views_reports.cost_report_export,
        name="cost-report-export",
    ),
    path("dealers/", views_reports.dealer_league, name="dealer-league"),
    path("dealers.<str:fmt>", views_reports.dealer_league_export, name="dealer-league-export"),
]
