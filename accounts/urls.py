from django.urls import path

from . import feeds, views

app_name = "accounts"

urlpatterns = [
    path("me/", views.FollowingView.as_view(), name="following"),
    path("me/settings/", views.ReminderSettingsView.as_view(), name="reminder-settings"),
    path("me/unfollow/<int:pk>/", views.UnfollowView.as_view(), name="unfollow"),
    path(
        "me/calendar/regenerate/",
        views.RegenerateCalendarView.as_view(),
        name="regenerate-calendar",
    ),
    path("me/calendar/<slug:key>.ics", feeds.personal_calendar_feed, name="personal-calendar"),
]
