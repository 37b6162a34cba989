"""The profile page: own units and roles, own password, own API tokens."""

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.exceptions import AuthenticationFailed

from kim.accounts.api_auth import ApiTokenAuthentication
from kim.accounts.models import ApiToken, User, hash_token
from kim.accounts.services import api_token_create
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.testing.factories import PASSWORD

STRONG = "Lindenblüte-im-Mai-26"


@pytest.mark.parametrize(
    "username",
    ["cm", "cm_b", "lead", "coordination", "authority", "data_protection", "admin", "outsider"],
)
def test_every_logged_in_user_sees_their_own_profile(client, world, username):
    user = getattr(world, username)
    client.force_login(user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    html = response.content.decode()
    assert user.username in html
    for membership in user.memberships.all():
        assert membership.unit.name in html
        assert membership.role.label in html


def test_the_profile_needs_a_login(client, world):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302


# Own password ---------------------------------------------------------------------------


def test_a_user_changes_their_password_and_stays_logged_in(client, world):
    client.force_login(world.cm)
    response = client.post(
        reverse("accounts:profile_password"),
        {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302
    world.cm.refresh_from_db()
    assert world.cm.check_password(STRONG)
    assert client.get(reverse("accounts:profile")).status_code == 200
    event = AuditEvent.objects.get(action="user.password_change")
    assert (event.actor_id, event.object_id, event.person_id) == (world.cm.pk, world.cm.pk, None)


def test_a_wrong_old_password_is_refused_in_german(client, world):
    client.force_login(world.cm)
    response = client.post(
        reverse("accounts:profile_password"),
        {"old_password": "falsch", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 200
    assert "Das alte Passwort war falsch" in response.content.decode()
    world.cm.refresh_from_db()
    assert world.cm.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_in_german(client, world):
    client.force_login(world.cm)
    response = client.post(
        reverse("accounts:profile_password"),
        {"old_password": PASSWORD, "new_password1": "123456789", "new_password2": "123456789"},
    )
    html = response.content.decode()
    assert "Dieses Passwort ist zu kurz" in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert not AuditEvent.objects.filter(action="user.password_change").exists()


# API tokens -------------------------------------------------------------------------------


def create_token(client, **data):
    return client.post(
        reverse("accounts:profile_token_create"), {"name": "Export", "days": 90} | data
    )


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client, world):
    client.force_login(world.cm)
    response = create_token(client)
    assert response.status_code == 200
    raw = response.context["new_token"]["raw"]
    assert raw.startswith("kim_")
    assert raw in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=world.cm)
    assert token.token_hash == hash_token(raw)
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert raw not in stored
    assert raw[4:12] == token.prefix
    assert 88 < (token.expires_at - token.created_at).days <= 90
    assert raw not in client.get(reverse("accounts:profile")).content.decode()
    event = AuditEvent.objects.get(action="api_token.create")
    assert (event.actor_id, event.object_id, event.person_id) == (world.cm.pk, token.pk, None)
    assert raw not in str(event.changes)


def test_the_token_list_shows_prefix_and_dates_of_own_tokens_only(client, world):
    ApiToken.issue(user=world.cm_b, name="Fremdes Token")
    client.force_login(world.cm)
    create_token(client, name="Mein Export")
    html = client.get(reverse("accounts:profile")).content.decode()
    token = ApiToken.objects.get(user=world.cm)
    assert "Mein Export" in html
    assert f"kim_{token.prefix}" in html
    assert "Fremdes Token" not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"days": 366}, "kleiner oder gleich 365"),
        ({"days": 0}, "größer oder gleich 1"),
        ({"days": "viele"}, "ganze Zahl"),
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich"),
    ],
)
def test_bad_token_input_gives_a_german_error_and_keeps_the_input(client, world, data, message):
    client.force_login(world.cm)
    response = create_token(client, name=data.get("name", "Behalten"), days=data.get("days", 90))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    if "name" not in data:
        assert 'value="Behalten"' in html
    assert not ApiToken.objects.exists()


def test_a_demo_user_gets_no_token_outside_demo_mode(world, settings):
    # Outside demo mode a demo account cannot even log in; the service refuses as well.
    User.objects.filter(pk=world.cm.pk).update(is_demo=True)
    world.cm.refresh_from_db()
    settings.DEMO_MODE = False
    with pytest.raises(ValidationError, match="nur im Demo-Modus"):
        api_token_create(actor=get_actor(world.cm), name="Export")
    assert not ApiToken.objects.exists()


def test_a_demo_user_gets_a_token_in_demo_mode(client, world, settings):
    User.objects.filter(pk=world.cm.pk).update(is_demo=True)
    settings.DEMO_MODE = True
    client.force_login(world.cm)
    assert create_token(client).context["new_token"] is not None
    assert ApiToken.objects.filter(user=world.cm).count() == 1


def authenticate(raw):
    request = RequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}")
    return ApiTokenAuthentication().authenticate(request)


def test_a_revoked_token_is_refused_by_the_api(client, world):
    client.force_login(world.cm)
    raw = create_token(client).context["new_token"]["raw"]
    token = ApiToken.objects.get(user=world.cm)
    user, used = authenticate(raw)
    assert (user, used) == (world.cm, token)
    response = client.post(reverse("accounts:profile_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(AuthenticationFailed):
        authenticate(raw)
    event = AuditEvent.objects.get(action="api_token.revoke")
    assert (event.actor_id, event.object_id) == (world.cm.pk, token.pk)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "widerrufen" in html


def test_revoking_twice_writes_one_audit_event(client, world):
    client.force_login(world.cm)
    create_token(client)
    token = ApiToken.objects.get(user=world.cm)
    url = reverse("accounts:profile_token_revoke", args=[token.pk])
    client.post(url)
    client.post(url)
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_nobody_revokes_the_token_of_another_user(client, world):
    token, raw = ApiToken.issue(user=world.cm_b, name="Fremd")
    for username in ("cm", "admin"):
        client.force_login(getattr(world, username))
        response = client.post(reverse("accounts:profile_token_revoke", args=[token.pk]))
        assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert authenticate(raw)[0] == world.cm_b


def test_token_creation_is_a_post_only(client, world):
    client.force_login(world.cm)
    assert client.get(reverse("accounts:profile_token_create")).status_code == 405
