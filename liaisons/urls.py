"""Public pages of the liaisons app."""

from django.urls import path

from . import views

app_name = "liaisons"

urlpatterns: list = []
