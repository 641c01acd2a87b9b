"""The customer's short survey address ``/s/<code>/`` (no login)."""

from django.urls import path

from complaints import views

app_name = "survey"

urlpatterns = [path("<str:code>/", views.survey_answer, name="answer")]
