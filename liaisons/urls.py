"""Public pages of the liaisons app."""

from django.urls import path

from core.spreadsheets import list_download

from . import views
from .attachments import download_attachment

app_name = "liaisons"

urlpatterns = [
    path("liaisons/", views.LiaisonListView.as_view(), name="liaison-list"),
    # The list as filtered, every row, in the import's columns (core.spreadsheets).
    path(
        "liaisons.<str:file_format>",
        list_download(views.LiaisonListView, "liaisons", "liaison-statements"),
        name="liaison-list-download",
    ),
    path("liaisons/<slugcode:code>/", views.LiaisonDetailView.as_view(), name="liaison-detail"),
    path("attachments/<int:pk>/download/", download_attachment, name="attachment-download"),
]
