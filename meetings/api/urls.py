from rest_framework.routers import SimpleRouter

from .views import ActionItemViewSet, DocumentViewSet, MeetingViewSet


class NaturalKeyRouter(SimpleRouter):
    """A SimpleRouter that lets a ViewSet address its records by a key of several parts
    (`lookup_regex` with named groups), e.g. /action-items/<meeting>/<code>/."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        custom = getattr(viewset, "lookup_regex", None)
        return custom or super().get_lookup_regex(viewset, lookup_prefix)


router = NaturalKeyRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("documents", DocumentViewSet, basename="document")
router.register("action-items", ActionItemViewSet, basename="action-item")

urlpatterns = router.urls
