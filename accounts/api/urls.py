from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/token/", views.TokenSignInView.as_view(), name="api-token"),
    path("auth/tokens/", views.TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:token_id>/", views.TokenRevokeView.as_view(), name="api-token-revoke"),
]
