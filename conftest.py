import pytest

from kim.testing.factories import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Manifest storage needs collectstatic; tests serve files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
