from django.urls import path

from . import views
from .account import ApiTokensView

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("account/api-tokens/", ApiTokensView.as_view(), name="api-tokens"),
    path("using-the-api/", views.UsingTheApiView.as_view(), name="using-the-api"),
]
