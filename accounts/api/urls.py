from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/token/", views.TokenSignInView.as_view(), name="api-token"),
]
