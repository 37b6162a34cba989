"""The REST API under /api/v1/: persons, cases, contacts, the schema and its docs."""

from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from kim.core.api import MeView, SwaggerDocsView
from kim.people.api import PersonViewSet

router = SimpleRouter()
router.register("persons", PersonViewSet, basename="person")

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
