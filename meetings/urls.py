"""Public pages of the meetings app."""

from django.urls import path

from . import views

app_name = "meetings"

urlpatterns: list = []
