from django.urls import path

from complaints.api import views

urlpatterns = [
    path("", views.ComplaintListCreate.as_view(), name="api-complaint-list"),
    path("rates/", views.RatesView.as_view(), name="api-complaint-rates"),
    path("surveys/", views.SurveyRecord.as_view(), name="api-survey-record"),
    path("<str:number>/", views.ComplaintDetail.as_view(), name="api-complaint-detail"),
    path("<str:number>/act/", views.ComplaintAct.as_view(), name="api-complaint-act"),
]
