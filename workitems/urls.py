"""The work items' public pages (a study group's work programme, a work item, a Question)."""

from django.urls import path

from . import views

app_name = "workitems"

urlpatterns = [
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
