from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from core.api.root import APIRootView
from meetings.feeds import calendar_feed, group_calendar_feed
from portal.health import healthz
from reminders.views import FollowView

api_v1 = [
    path("", include("deliverables.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("liaisons.api.urls")),
    path("", include("workitems.api.urls")),
    path("", include("reminders.api.urls")),
    path("", include("integrations.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]
api_v1.insert(0, path("", APIRootView.as_view(patterns=api_v1), name="api-root"))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The language menu of every page posts here (Django's view: sets the language cookie and
    # returns to the page). Exempt from CSRF so that pages need no CSRF cookie for it (and stay
    # cacheable): a forged post can only change the reader's display language, and the view
    # returns only to this site's own addresses.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("portal.urls")),
    path("follow/<str:kind>/<key:code>/", FollowView.as_view(), name="follow"),
    # Sign-up, sign-in (by e-mail or username), e-mail verification, password reset, single
    # sign-on (django-allauth): /accounts/login/ is allauth's sign-in now.
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    # Calendar feeds before the apps' pages, so /groups/<code>/… cannot shadow them.
    path("calendar.ics", calendar_feed, name="calendar-feed"),
    path("groups/<code:code>/calendar.ics", group_calendar_feed, name="group-calendar-feed"),
    path("", include("deliverables.urls")),
    path("", include("meetings.urls")),
    path("", include("liaisons.urls")),
    path("", include("workitems.urls")),
    path("", include("reminders.urls")),
    path("", include("integrations.urls")),
]

handler404 = "core.api.exceptions.page_not_found"
handler500 = "portal.views.server_error"
