from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import GroupInboxView, LiaisonStatementViewSet

router = SimpleRouter()
router.register("liaisons", LiaisonStatementViewSet, basename="liaison-statement")

# The inbox sits under /groups/ but is registered here: the deliverables app below must not know
# about liaisons. The groups router's detail route ends at the code, so it cannot shadow this.
urlpatterns = [
    path("groups/<code:code>/inbox/", GroupInboxView.as_view(), name="group-inbox"),
    *router.urls,
]
