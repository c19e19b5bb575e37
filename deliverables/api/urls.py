from rest_framework.routers import SimpleRouter

from .views import DeliverableViewSet, GroupViewSet, PersonViewSet, RoleViewSet

router = SimpleRouter()
router.register("groups", GroupViewSet, basename="group")
router.register("people", PersonViewSet, basename="person")
router.register("roles", RoleViewSet, basename="role")
router.register("deliverables", DeliverableViewSet, basename="deliverable")

urlpatterns = router.urls
