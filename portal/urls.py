from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("requests/<str:number>/", views.request_detail, name="request"),
    path("requests/<str:number>/act/", views.request_act, name="act"),
]
