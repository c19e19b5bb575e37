"""Public pages of the deliverables app."""

from django.urls import path

from . import views

app_name = "deliverables"

urlpatterns = [
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("matrix.csv", views.matrix_csv, name="matrix-csv"),
    path("matrix.xlsx", views.matrix_csv, {"file_format": "xlsx"}, name="matrix-xlsx"),
    path(
        "deliverables.<str:file_format>",
        views.deliverable_list_download,
        name="deliverable-list-download",
    ),
    path("groups.<str:file_format>", views.group_list_download, name="group-list-download"),
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
