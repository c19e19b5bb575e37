"""Public pages of the deliverables app."""

from django.urls import path

from . import views

app_name = "deliverables"

urlpatterns: list = []
