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


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Production uses Django's default (PBKDF2); tests need not pay for it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    # One Playwright session serves all browser tests; a second one (from a
    # conftest elsewhere) fails with "Sync API inside the asyncio loop".
    stray = [
        item.nodeid
        for item in items
        if item.get_closest_marker("browser") and "kim/e2e/" not in item.nodeid
    ]
    if stray:
        raise pytest.UsageError("Browser-Tests gehören nach kim/e2e/: " + ", ".join(stray))
