from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .health import healthz

api_v1 = [
    path("", include("deliverables.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("liaisons.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("", include("deliverables.urls")),
    path("", include("meetings.urls")),
    path("", include("liaisons.urls")),
]
