"""The work items' public pages (a study group's work programme, a work item, a Question)."""

app_name = "workitems"

urlpatterns: list = []
