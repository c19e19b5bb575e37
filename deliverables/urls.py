"""Public pages of the deliverables app."""

from django.urls import path

from core.spreadsheets import list_download

from . import views

app_name = "deliverables"

urlpatterns = [
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("matrix.csv", views.matrix_csv, name="matrix-csv"),
    path("matrix.xlsx", views.matrix_csv, {"file_format": "xlsx"}, name="matrix-xlsx"),
    # The lists as filtered, every row, in the import's columns (core.spreadsheets).
    path(
        "deliverables.<str:file_format>",
        list_download(views.DeliverableListView, "deliverables", "deliverables"),
        name="deliverable-list-download",
    ),
    path(
        "groups.<str:file_format>",
        list_download(views.GroupListView, "groups", "groups"),
        name="group-list-download",
    ),
    path("deliverables/", views.DeliverableListView.as_view(), name="deliverable-list"),
    path(
        "deliverables/<code:code>/",
        views.DeliverableDetailView.as_view(),
        name="deliverable-detail",
    ),
    path("groups/", views.GroupListView.as_view(), name="group-list"),
    path("groups/<code:code>/", views.GroupDetailView.as_view(), name="group-detail"),
    path("people/<slugcode:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
]
