from django.urls import path

from .views import UnsubscribeView

app_name = "reminders"

urlpatterns = [
    path("reminders/unsubscribe/<str:token>/", UnsubscribeView.as_view(), name="unsubscribe"),
]
