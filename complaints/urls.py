from django.urls import path

from complaints import care_views, views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.intake, name="intake"),
    path("report/", care_views.report, name="report"),
    path("report.xlsx", care_views.report_xlsx, name="report-xlsx"),
    path("rates/", care_views.rates, name="rates"),
    path("visits/", care_views.visit_tasks, name="visit-tasks"),
    path("visits/<int:pk>/done/", care_views.visit_task_done, name="visit-task-done"),
    path("duties/", care_views.duties, name="duties"),
    path("duties/<int:pk>/done/", care_views.duty_done, name="duty-done"),
    path("duties/quality-report/", care_views.quality_report, name="quality-report"),
    path("survey-link/<str:ticket_number>/", views.survey_link, name="survey-link"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/act/", views.act, name="act"),
]
