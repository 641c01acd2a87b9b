from django.urls import path

from reports.api import views

urlpatterns = [
    path("sla/", views.SlaReport.as_view(), name="api-reports-sla"),
    path("sla/live/", views.SlaLive.as_view(), name="api-reports-sla-live"),
    path("technicians/", views.TechnicianDaily.as_view(), name="api-reports-technicians"),
    path("costs/", views.CostReports.as_view(), name="api-reports-costs"),
    path("costs/<str:month>/", views.CostReportDetail.as_view(), name="api-reports-cost"),
    path("dealers/", views.DealerLeague.as_view(), name="api-reports-dealers"),
]
