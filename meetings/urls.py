"""Public pages of the meetings app."""

from django.urls import path

from core.spreadsheets import list_download

from . import views
from .downloads import download_document_file

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    # The lists as filtered, every row, in the import's columns (core.spreadsheets).
    path(
        "meetings.<str:file_format>",
        list_download(views.MeetingListView, "meetings", "meetings", views.meetings_to_download),
        name="meeting-list-download",
    ),
    path(
        "documents.<str:file_format>",
        list_download(views.DocumentListView, "documents", "documents"),
        name="document-list-download",
    ),
    path(
        "actions.<str:file_format>",
        list_download(views.ActionListView, "action-items", "action-items"),
        name="action-list-download",
    ),
    path("meetings/<slugcode:code>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path(
        "meetings/<slugcode:meeting>/actions/<actioncode:code>/",
        views.ActionDetailView.as_view(),
        name="action-detail",
    ),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path(
        "documents/<documentcode:code>/", views.DocumentDetailView.as_view(), name="document-detail"
    ),
    path("documents/<str:code>/file/", download_document_file, name="document-file"),
]
