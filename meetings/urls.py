"""Public pages of the meetings app."""

from django.urls import path

from . import views
from .downloads import download_document_file

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
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
