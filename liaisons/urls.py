"""Public pages of the liaisons app."""

from django.urls import path

from . import views

app_name = "liaisons"

urlpatterns = [
    path("liaisons/", views.LiaisonListView.as_view(), name="liaison-list"),
    path("liaisons/<slug:code>/", views.LiaisonDetailView.as_view(), name="liaison-detail"),
]
