"""The work items' public pages (a study group's work programme, a work item, a Question)."""

from django.urls import path

from core.spreadsheets import list_download

from . import views

app_name = "workitems"

urlpatterns = [
    # What the pages list, as filtered, every row, in the import's columns (core.spreadsheets).
    path(
        "groups/<code:code>/work-programme.<str:file_format>",
        list_download(
            views.WorkProgrammeView,
            "work-items",
            lambda page: f"{page.get_group().code.lower()}-work-programme",
            lambda page: page.work_items(),
        ),
        name="work-programme-download",
    ),
    path(
        "questions/<code:code>/work-items.<str:file_format>",
        list_download(
            views.QuestionDetailView,
            "work-items",
            lambda page: f"{page.object.code.lower()}-work-items",
            lambda page: page.work_items(),
        ),
        name="question-download",
    ),
    path(
        "groups/<code:code>/work-programme/",
        views.WorkProgrammeView.as_view(),
        name="work-programme",
    ),
    path(
        "work-items/<code:identifier>/",
        views.WorkItemDetailView.as_view(),
        name="work-item-detail",
    ),
    path("questions/<code:code>/", views.QuestionDetailView.as_view(), name="question-detail"),
]
