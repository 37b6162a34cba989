"""The committed OpenAPI schema, the schema endpoint and the self-hosted Swagger UI."""

import difflib
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.shortcuts import resolve_url
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

SCHEMA_FILE = settings.BASE_DIR / "openapi.yaml"
SIDECAR = "drf_spectacular_sidecar/swagger-ui-dist/"


def generated_schema() -> str:
    """What `make openapi` (manage.py spectacular --file openapi.yaml) writes."""
    with translation.override(settings.LANGUAGE_CODE):
        schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


def test_committed_openapi_yaml_matches_the_code():
    current = generated_schema()
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""

    if current != committed:
        diff = difflib.unified_diff(
            committed.splitlines(),
            current.splitlines(),
            "openapi.yaml",
            "aus dem Code",
            lineterm="",
        )
        excerpt = "\n".join(list(diff)[:60])
        pytest.fail(
            "openapi.yaml ist nicht mehr aktuell: die API hat sich geändert. "
            "Bitte `make openapi` ausführen und openapi.yaml mit committen.\n\n" + excerpt,
            pytrace=False,
        )


def test_schema_describes_every_endpoint_and_both_ways_to_authenticate():
    schema = generated_schema()

    for path in [
        "/api/v1/persons/",
        "/api/v1/persons/{id}/",
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/cases/{case_pk}/contacts/",
        "/api/v1/cases/{case_pk}/contacts/{id}/",
        "/api/v1/me/",
    ]:
        assert f"  {path}:\n" in schema, path
    assert "apiToken:\n      type: http\n      scheme: bearer" in schema
    assert "cookieAuth:" in schema


@pytest.fixture
def logged_in(client, world):
    client.force_login(world.cm)
    return client


def test_schema_endpoint_serves_the_schema_to_logged_in_users(logged_in):
    response = logged_in.get("/api/v1/schema/")

    assert response.status_code == 200
    assert b"/api/v1/persons/" in response.content


def test_schema_endpoint_is_closed_to_anonymous_users(client, db):
    assert client.get("/api/v1/schema/").status_code in (401, 403)


def test_docs_page_loads_swagger_ui_from_static_files_without_inline_code(logged_in):
    response = logged_in.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert f"{settings.STATIC_URL}{SIDECAR}swagger-ui-bundle.js" in sources
    assert f"{settings.STATIC_URL}{SIDECAR}swagger-ui.css" in sources
    for source in sources:
        assert source.startswith(settings.STATIC_URL) or source.startswith("/api/v1/docs/"), source
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], "inline script"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_docs_page_initialiser_is_a_separate_script_pointing_at_the_schema(logged_in):
    response = logged_in.get("/api/v1/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in response.content
    assert b"/api/v1/schema/" in response.content


def test_swagger_ui_files_are_installed_as_static_files():
    for name in ["swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"]:
        assert finders.find(SIDECAR + name), name


def test_docs_page_sends_anonymous_users_to_the_login(client, db):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")
