"""The REST API under /api/v1/: persons, cases, contacts, the schema and its docs."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from kim.cases.api import CaseViewSet, ContactViewSet
from kim.core.api import MeView, SwaggerDocsView
from kim.people.api import PersonViewSet

router = SimpleRouter()
router.register("persons", PersonViewSet, basename="person")
router.register("cases", CaseViewSet, basename="case")
router.register(r"cases/(?P<case_pk>[^/.]+)/contacts", ContactViewSet, basename="case-contact")

app_name = "api"
urlpatterns = [
    path(
        "v1/",
        include(
            [
                *router.urls,
                path("me/", MeView.as_view(), name="me"),
                path(
                    "schema/",
                    SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
                    name="schema",
                ),
                path(
                    "docs/",
                    login_required(SwaggerDocsView.as_view(url_name="api:schema")),
                    name="docs",
                ),
            ]
        ),
    ),
]
