import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from kim.testing.factories import PASSWORD


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_german_and_logs_in(client, world):
    page = client.get(reverse("accounts:login"))
    html = page.content.decode()
    assert '<html lang="de">' in html
    assert "Benutzername" in html and "Passwort" in html
    response = login(client, "cm", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:start")


def test_a_wrong_password_gets_a_german_message(client, world):
    response = login(client, "cm", "falsch")
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "cm", "falsch")
    response = login(client, "cm", PASSWORD)
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_user_does_not_lock_another(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "cm", "falsch")
    assert login(client, "lead", PASSWORD).status_code == 302


def test_logout_needs_post_and_ends_the_session(client, world):
    client.force_login(world.cm)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:start")).status_code == 302


def test_pages_need_login(client, world):
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_idle_sessions_expire(settings):
    assert django_settings.SESSION_COOKIE_AGE == django_settings.SESSION_IDLE_MINUTES * 60


def test_activity_renews_the_session_at_most_once_a_minute(client, world, settings):
    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.cm)
    client.get(reverse("core:start"))
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("core:start"))
    assert not any(
        "django_session" in q["sql"] and q["sql"].startswith("UPDATE") for q in ctx.captured_queries
    )
    # After the renewal interval, the next request pushes the expiry forward again.
    from datetime import timedelta

    from django.utils import timezone

    session = client.session
    session["_renewed"] = session["_renewed"] - settings.SESSION_RENEW_SECONDS
    session.save()
    # As if the user had been idle for almost the whole period:
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(seconds=60)
    )
    assert Session.objects.get(session_key=key).expire_date < first_expiry
    client.get(reverse("core:start"))
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)


def test_session_expires_after_idle_time(client, world):
    client.force_login(world.cm)
    session = client.session
    session.set_expiry(-1)
    session.save()
    assert client.get(reverse("core:start")).status_code == 302


def test_demo_accounts_log_in_only_in_demo_mode(client, world, settings):
    world.cm.is_demo = True
    world.cm.save()
    settings.DEMO_MODE = False
    assert login(client, "cm", PASSWORD).status_code == 200
    settings.DEMO_MODE = True
    assert login(client, "cm", PASSWORD).status_code == 302


def test_passwords_are_stored_with_djangos_default_hasher(world):
    from django.conf import global_settings

    # The project does not override Django's hasher list (tests use a fast one).
    import kim.settings as project_settings

    assert not hasattr(project_settings, "PASSWORD_HASHERS")
    assert global_settings.PASSWORD_HASHERS[0].endswith("PBKDF2PasswordHasher")


@pytest.mark.parametrize("language", ["de", "en"])
def test_language_switch(client, world, language):
    client.force_login(world.cm)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    html = client.get(reverse("core:start")).content.decode()
    assert f'<html lang="{language}">' in html


def test_role_and_audit_labels_follow_the_language(client, world):
    from django.utils import translation

    from kim.core.views import AUDIT_ACTIONS

    with translation.override("en"):
        assert world.cm.memberships.get().role.label == "Case manager"
        assert str(dict(AUDIT_ACTIONS)["case.open"]) != "Fall eröffnet"
    with translation.override("de"):
        assert world.cm.memberships.get().role.label == "Case Manager*in"


def test_the_session_user_comes_with_the_tenant_the_header_shows(world, django_assert_num_queries):
    from kim.accounts.backends import KimModelBackend

    with django_assert_num_queries(1):
        user = KimModelBackend().get_user(world.cm.pk)
        assert user.tenant.name == world.tenant.name
    assert KimModelBackend().get_user(999999) is None
