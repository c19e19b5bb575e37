from rest_framework.routers import SimpleRouter

from .views import QuestionViewSet, WorkItemViewSet

router = SimpleRouter()
router.register("work-items", WorkItemViewSet, basename="work-item")
router.register("questions", QuestionViewSet, basename="question")

urlpatterns = [*router.urls]
