from django.urls import path

from .views import ChangeFeedView

urlpatterns = [path("changes/", ChangeFeedView.as_view(), name="change-feed")]
