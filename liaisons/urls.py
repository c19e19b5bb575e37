"""Public pages of the liaisons app."""

from django.urls import path

from . import views
from .attachments import download_attachment

app_name = "liaisons"

urlpatterns = [
    path("liaisons/", views.LiaisonListView.as_view(), name="liaison-list"),
    path("liaisons/<slugcode:code>/", views.LiaisonDetailView.as_view(), name="liaison-detail"),
    path("attachments/<int:pk>/download/", download_attachment, name="attachment-download"),
]
