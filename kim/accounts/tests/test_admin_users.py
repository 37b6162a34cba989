"""Users and memberships as the administration manages them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kim.accounts import services
from kim.accounts.models import Membership, Role, User
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.testing.factories import UnitFactory, UserFactory, member

STRONG = "Kastanienallee-2026!"


def events(action):
    return list(AuditEvent.objects.filter(action=action))


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def test_the_user_list_shows_the_tenants_users_with_units_and_roles(admin_client, world):
    html = admin_client.get(reverse("accounts:admin_users")).content.decode()
    assert "Case Management Nord: Case Manager*in" in html
    assert "KI Koordination: Administration" in html
    assert world.cm.username in html
    assert world.outsider.username not in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"q": "cm_b"}, {"cm_b"}, {"cm", "lead", "admin"}),
        ({"unit": "unit_a"}, {"cm", "lead"}, {"cm_b", "admin"}),
        ({"role": "team_lead"}, {"lead"}, {"cm", "cm_b"}),
        ({"unit": "unit_a", "role": "case_manager"}, {"cm"}, {"lead", "cm_b"}),
        ({"status": "inaktiv"}, {"cm_b"}, {"cm", "lead"}),
    ],
)
def test_the_user_list_filters_by_text_unit_role_and_status(
    admin_client, world, params, shown, hidden
):
    User.objects.filter(pk=world.cm_b.pk).update(is_active=False)
    query = dict(params)
    if "unit" in query:
        query["unit"] = getattr(world, query["unit"]).pk
    if "role" in query:
        query["role"] = Role.objects.get(code=query["role"]).pk
    page = admin_client.get(reverse("accounts:admin_users"), query).context["page"]
    names = {u.username for u in page}
    assert shown <= names
    assert not hidden & names


def test_a_bad_filter_value_shows_a_german_error_and_no_500(admin_client):
    response = admin_client.get(reverse("accounts:admin_users"), {"unit": "abc", "seite": "x"})
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


def populate(world, n):
    unit = UnitFactory(tenant=world.tenant)
    for _ in range(n):
        user = UserFactory(tenant=world.tenant)
        member(user, unit, "case_manager")
        member(user, world.unit_a, "team_lead")


def count_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("accounts:admin_users"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


USER_LIST_BOUND = 12


@pytest.mark.parametrize("n", [3, 30])
def test_the_user_list_needs_a_bounded_number_of_queries(
    admin_client, world, n, django_assert_max_num_queries
):
    populate(world, n)
    with django_assert_max_num_queries(USER_LIST_BOUND):
        response = admin_client.get(reverse("accounts:admin_users"))
    assert len(response.context["page"]) == min(n + 8 - 1, 25)


def test_the_user_list_query_count_does_not_grow_with_the_users(admin_client, world):
    populate(world, 3)
    few = count_queries(admin_client)
    populate(world, 27)
    assert count_queries(admin_client) == few


# Creating a user ----------------------------------------------------------------------


def create(client, **data):
    payload = {
        "username": "neu.user",
        "first_name": "Nora",
        "last_name": "Neumann",
        "email": "nora.neumann@example.org",
        "password": STRONG,
        "password_confirm": STRONG,
    } | data
    return client.post(reverse("accounts:admin_user_create"), payload)


def test_the_admin_creates_a_user_with_an_initial_password(admin_client, world):
    response = create(admin_client)
    user = User.objects.get(username="neu.user")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:admin_user", args=[user.pk])
    assert user.tenant_id == world.tenant.pk
    assert user.check_password(STRONG)
    assert (user.first_name, user.last_name) == ("Nora", "Neumann")
    [event] = events("user.create")
    assert event.actor_id == world.admin.pk
    assert event.tenant_id == world.tenant.pk
    assert event.object_id == user.pk
    assert event.person_id is None
    assert event.changes["username"] == [None, "neu.user"]
    assert STRONG not in str(event.changes)


def test_a_user_created_without_a_password_cannot_log_in_yet(admin_client):
    create(admin_client, password="", password_confirm="")
    user = User.objects.get(username="neu.user")
    assert not user.has_usable_password()
    assert events("user.create")[0].changes["password"] == [None, "unusable"]


def test_a_weak_password_gives_a_german_error_and_keeps_the_input(admin_client):
    response = create(admin_client, password="12345678", password_confirm="12345678")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Passwort ist zu kurz" in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert 'value="neu.user"' in html
    assert 'value="nora.neumann@example.org"' in html
    assert not User.objects.filter(username="neu.user").exists()
    assert not events("user.create")


def test_a_password_like_the_username_is_refused(admin_client):
    response = create(
        admin_client,
        username="kastanienallee",
        password="kastanienallee1",
        password_confirm="kastanienallee1",
    )
    assert "zu ähnlich" in response.content.decode()
    assert not User.objects.filter(username="kastanienallee").exists()


def test_mismatching_passwords_are_refused(admin_client):
    response = create(admin_client, password_confirm=STRONG + "x")
    assert "stimmen nicht überein" in response.content.decode()
    assert not User.objects.filter(username="neu.user").exists()


def test_a_taken_username_is_refused_whatever_its_case(admin_client, world):
    response = create(admin_client, username=world.outsider.username.upper())
    assert response.status_code == 200
    assert "Diesen Benutzernamen gibt es bereits" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"username": ""},
        {"username": "mit leerzeichen"},
        {"email": "keine-adresse"},
        {"username": "x" * 151},
    ],
)
def test_bad_input_gives_german_errors_not_a_500(admin_client, data):
    response = create(admin_client, **data)
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    assert User.objects.count() == 8


# Editing, deactivating, resetting the password ------------------------------------------


def test_the_admin_edits_names_e_mail_and_the_active_flag(admin_client, world):
    url = reverse("accounts:admin_user_edit", args=[world.cm.pk])
    assert f'value="{world.cm.last_name}"' in admin_client.get(url).content.decode()
    response = admin_client.post(
        url, {"first_name": "Carla", "last_name": "Meier", "email": "carla@example.org"}
    )
    assert response.status_code == 302
    world.cm.refresh_from_db()
    assert (world.cm.first_name, world.cm.last_name) == ("Carla", "Meier")
    assert not world.cm.is_active
    [event] = events("user.update")
    assert event.changes["is_active"] == [True, False]
    assert event.changes["email"] == ["", "carla@example.org"]


def test_the_admin_cannot_deactivate_their_own_account(admin_client, world):
    response = admin_client.post(
        reverse("accounts:admin_user_edit", args=[world.admin.pk]),
        {"first_name": "Neu", "last_name": world.admin.last_name},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sie können Ihr eigenes Konto nicht deaktivieren." in html
    assert 'value="Neu"' in html
    world.admin.refresh_from_db()
    assert world.admin.is_active


def test_the_admin_resets_a_password(admin_client, world):
    url = reverse("accounts:admin_user_password", args=[world.cm.pk])
    response = admin_client.post(url, {"password": STRONG, "password_confirm": STRONG})
    assert response.status_code == 302
    world.cm.refresh_from_db()
    assert world.cm.check_password(STRONG)
    [event] = events("user.password_reset")
    assert event.object_id == world.cm.pk
    assert event.person_id is None
    assert STRONG not in str(event.changes)


def test_the_admin_resetting_their_own_password_stays_logged_in(admin_client, world):
    url = reverse("accounts:admin_user_password", args=[world.admin.pk])
    admin_client.post(url, {"password": STRONG, "password_confirm": STRONG})
    assert admin_client.get(reverse("accounts:admin_users")).status_code == 200


def test_a_reset_password_ends_the_sessions_of_that_user(admin_client, world):
    from django.test import Client

    cm_client = Client()
    cm_client.force_login(world.cm)
    assert cm_client.get(reverse("accounts:profile")).status_code == 200
    url = reverse("accounts:admin_user_password", args=[world.cm.pk])
    admin_client.post(url, {"password": STRONG, "password_confirm": STRONG})
    assert cm_client.get(reverse("accounts:profile")).status_code == 302


def test_a_weak_reset_password_is_refused_in_german(admin_client, world):
    url = reverse("accounts:admin_user_password", args=[world.cm.pk])
    response = admin_client.post(url, {"password": "passwort", "password_confirm": "passwort"})
    assert response.status_code == 200
    assert "Dieses Passwort ist zu üblich" in response.content.decode()
    assert not events("user.password_reset")


# Memberships ------------------------------------------------------------------------------


def test_the_admin_adds_a_membership(admin_client, world):
    role = Role.objects.get(code="team_lead")
    response = admin_client.post(
        reverse("accounts:admin_membership_add", args=[world.cm.pk]),
        {"unit": world.unit_b.pk, "role": role.pk},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.cm, unit=world.unit_b, role=role).exists()
    [event] = events("membership.add")
    assert event.object_type == "user"
    assert event.object_id == world.cm.pk
    assert event.changes["role"] == "team_lead"
    assert event.changes["unit"] == [world.unit_b.pk, world.unit_b.name]
    assert event.person_id is None


def test_the_same_membership_twice_is_refused_in_german(admin_client, world):
    role = Role.objects.get(code="case_manager")
    response = admin_client.post(
        reverse("accounts:admin_membership_add", args=[world.cm.pk]),
        {"unit": world.unit_a.pk, "role": role.pk},
    )
    assert response.status_code == 200
    assert "hat diese Rolle in dieser Einheit bereits" in response.content.decode()
    assert Membership.objects.filter(user=world.cm).count() == 1


def test_an_empty_membership_form_shows_errors_on_the_user_page(admin_client, world):
    response = admin_client.post(reverse("accounts:admin_membership_add", args=[world.cm.pk]), {})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich" in response.content.decode()


def test_the_admin_cannot_give_themselves_access_to_case_content(admin_client, world):
    role = Role.objects.get(code="case_manager")
    response = admin_client.post(
        reverse("accounts:admin_membership_add", args=[world.admin.pk]),
        {"unit": world.unit_a.pk, "role": role.pk},
    )
    assert response.status_code == 200
    assert "nur eine andere Person mit Administrationsrechten" in response.content.decode()
    assert not Membership.objects.filter(user=world.admin, role=role).exists()


def test_the_admin_removes_a_membership(admin_client, world):
    membership = Membership.objects.get(user=world.cm)
    response = admin_client.post(
        reverse("accounts:admin_membership_remove", args=[world.cm.pk, membership.pk])
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    [event] = events("membership.remove")
    assert event.object_id == world.cm.pk
    assert event.changes["membership"] == membership.pk
    assert event.changes["role"] == "case_manager"


def test_a_membership_of_another_user_is_not_found_under_this_user(admin_client, world):
    membership = Membership.objects.get(user=world.lead)
    response = admin_client.post(
        reverse("accounts:admin_membership_remove", args=[world.cm.pk, membership.pk])
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_admin_cannot_remove_their_own_last_admin_membership(admin_client, world):
    membership = Membership.objects.get(user=world.admin)
    response = admin_client.post(
        reverse("accounts:admin_membership_remove", args=[world.admin.pk, membership.pk]),
        follow=True,
    )
    assert "Sie können Ihre letzte Mitgliedschaft mit Administrationsrechten nicht" in (
        response.content.decode()
    )
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not events("membership.remove")


def test_the_admin_may_remove_one_admin_membership_while_holding_another(admin_client, world):
    first = Membership.objects.get(user=world.admin)
    member(world.admin, world.unit_b, "administration")
    response = admin_client.post(
        reverse("accounts:admin_membership_remove", args=[world.admin.pk, first.pk])
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=first.pk).exists()


def test_an_admin_membership_in_a_deactivated_unit_does_not_count_as_the_other_one(world):
    first = Membership.objects.get(user=world.admin)
    member(world.admin, world.unit_b, "administration")
    world.unit_b.active = False
    world.unit_b.save()
    with pytest.raises(services.ValidationError):
        services.membership_remove(actor=get_actor(world.admin), membership=first)


def test_another_admin_may_remove_the_admins_membership(client, world):
    second = UserFactory(tenant=world.tenant)
    member(second, world.unit_coordination, "administration")
    membership = Membership.objects.get(user=world.admin)
    client.force_login(second)
    response = client.post(
        reverse("accounts:admin_membership_remove", args=[world.admin.pk, membership.pk])
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_services_refuse_actors_without_the_admin_permission(world):
    from kim.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.user_create(actor=get_actor(world.lead), username="heimlich")
    with pytest.raises(NotAllowed):
        services.membership_add(
            actor=get_actor(world.lead),
            user=world.lead,
            unit=world.unit_b,
            role=Role.objects.get(code="administration"),
        )
    outsider_admin = UserFactory(tenant=world.other_tenant)
    member(outsider_admin, world.unit_other, "administration")
    with pytest.raises(NotAllowed):
        services.user_update(
            actor=get_actor(outsider_admin),
            user=world.cm,
            first_name="X",
            last_name="Y",
            email="",
            is_active=False,
        )
