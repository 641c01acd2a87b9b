from django.urls import path

from attachments import views

app_name = "attachments"

urlpatterns = [
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.download, name="file"),
    path("<int:pk>/thumbnail/", views.thumbnail, name="thumbnail"),
]
