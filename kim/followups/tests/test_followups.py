from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kim.cases.services import contact_record
from kim.core.actor import get_actor
from kim.core.models import AuditEvent
from kim.followups.models import FollowUp
from kim.followups.services import followup_create, followups_generate
from kim.followups.tasks import send_followup_reminders
from kim.testing.factories import open_case, register_person

DAY = date(2026, 6, 15)


@pytest.fixture
def case(world):
    person = register_person(world.cm, world.unit_a, family_name="Haddad", given_names="Lina")
    return open_case(world.cm, person, world.unit_a, opened_on=date(2026, 1, 5))


def record_contact(world, case, on):
    contact_record(actor=get_actor(world.cm), case=case, date=on, duration_minutes=30, mode="phone")


# --- generation: no contact for the configured time -------------------------


def test_a_case_without_contact_for_the_configured_days_gets_a_follow_up(world, case):
    record_contact(world, case, date(2026, 5, 1))
    assert followups_generate(tenant=world.tenant, today=date(2026, 6, 11)) == {
        "created": 0,
        "closed": 0,
    }
    # 42 days after 1 May is 12 June: due that day, not the day before.
    assert followups_generate(tenant=world.tenant, today=date(2026, 6, 12)) == {
        "created": 1,
        "closed": 0,
    }
    followup = FollowUp.objects.get()
    assert (followup.case, followup.assignee, followup.due_on) == (
        case,
        world.cm,
        date(2026, 6, 12),
    )
    assert followup.source == FollowUp.Source.NO_CONTACT


def test_generation_is_idempotent(world, case):
    followups_generate(tenant=world.tenant, today=DAY)
    assert followups_generate(tenant=world.tenant, today=DAY) == {"created": 0, "closed": 0}
    assert FollowUp.objects.count() == 1


def test_a_new_contact_closes_the_generated_follow_up(world, case):
    followups_generate(tenant=world.tenant, today=DAY)
    record_contact(world, case, DAY)
    assert followups_generate(tenant=world.tenant, today=DAY) == {"created": 0, "closed": 1}
    followup = FollowUp.objects.get()
    assert followup.done_on == DAY
    assert "nicht mehr aktuell" in followup.done_note


def test_the_tenant_configures_the_number_of_days(world, case):
    world.tenant.followup_no_contact_days = 10
    world.tenant.save()
    record_contact(world, case, date(2026, 6, 1))
    followups_generate(tenant=world.tenant, today=date(2026, 6, 11))
    assert FollowUp.objects.get().due_on == date(2026, 6, 11)


def test_closed_cases_and_other_tenants_get_no_follow_ups(world, case):
    case.status = case.Status.CLOSED
    case.save()
    other_person = register_person(world.outsider, world.unit_other, family_name="Berg")
    open_case(world.outsider, other_person, world.unit_other, opened_on=date(2026, 1, 5))
    assert followups_generate(tenant=world.tenant, today=DAY)["created"] == 0


def test_generation_is_audited_without_a_user(world, case):
    followups_generate(tenant=world.tenant, today=DAY)
    event = AuditEvent.objects.filter(action="followup.generate").get()
    assert event.actor is None and event.channel == "system"


# --- by hand -------------------------------------------------------------------


def test_case_manager_creates_a_follow_up_on_the_case_page(client, world, case):
    client.force_login(world.cm)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        reverse("followups:create", args=[case.pk]),
        {"title": "Bescheid Jobcenter nachfragen", "due_on": due, "assignee": world.cm.pk},
    )
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert followup.source == FollowUp.Source.MANUAL
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Bescheid Jobcenter nachfragen" in page
    assert AuditEvent.objects.filter(action="followup.create", person_id=case.person_id).exists()


def test_the_assignee_must_work_in_the_unit(client, world, case):
    client.force_login(world.cm)
    response = client.post(
        reverse("followups:create", args=[case.pk]),
        {"title": "x", "due_on": timezone.localdate().isoformat(), "assignee": world.cm_b.pk},
    )
    assert response.status_code == 200
    assert "gültige Auswahl" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_bad_input_keeps_the_title(client, world, case):
    client.force_login(world.cm)
    response = client.post(
        reverse("followups:create", args=[case.pk]),
        {"title": "Unterlagen prüfen", "due_on": "morgen", "assignee": world.cm.pk},
    )
    html = response.content.decode()
    assert "gültiges Datum" in html and 'value="Unterlagen prüfen"' in html


def test_completing_a_follow_up(client, world, case):
    followup = followup_create(
        actor=get_actor(world.cm), case=case, due_on=timezone.localdate(), title="Rückruf"
    )
    client.force_login(world.cm)
    response = client.post(
        reverse("followups:complete", args=[followup.pk]), {"note": "erledigt per Telefon"}
    )
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.done_on == timezone.localdate() and followup.done_by == world.cm
    assert AuditEvent.objects.filter(action="followup.complete").exists()


def test_complete_refuses_an_unsafe_redirect(client, world, case):
    followup = followup_create(
        actor=get_actor(world.cm), case=case, due_on=timezone.localdate(), title="x"
    )
    client.force_login(world.cm)
    response = client.post(
        reverse("followups:complete", args=[followup.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("followups:mine")


ALL_USERS = [
    "cm",
    "cm_b",
    "lead",
    "coordination",
    "authority",
    "data_protection",
    "admin",
    "outsider",
]


@pytest.mark.parametrize("username", ALL_USERS)
def test_permission_matrix(client, world, case, username):
    followup = followup_create(
        actor=get_actor(world.cm), case=case, due_on=timezone.localdate(), title="Termin ABH"
    )
    client.force_login(getattr(world, username))
    create = client.get(reverse("followups:create", args=[case.pk])).status_code
    mine = client.get(reverse("followups:mine"))
    complete = client.post(reverse("followups:complete", args=[followup.pk])).status_code
    if username in ("cm", "lead"):
        assert (create, complete) == (200, 302)
    else:
        assert (create, complete) == (404, 404)
        followup.refresh_from_db()
        assert followup.is_open
    if username in ("cm", "lead", "cm_b", "outsider"):
        assert mine.status_code == 200
        visible = "Termin ABH" in mine.content.decode()
        assert visible == (username in ("cm", "lead"))
    else:
        assert mine.status_code == 404


def test_start_pages_show_due_and_overdue_work(client, world, case):
    today = timezone.localdate()
    followup_create(actor=get_actor(world.cm), case=case, due_on=today, title="Heute fällig")
    followup_create(
        actor=get_actor(world.cm),
        case=case,
        due_on=today - timedelta(days=3),
        title="Schon überfällig",
    )
    followup_create(
        actor=get_actor(world.cm), case=case, due_on=today + timedelta(days=3), title="Später"
    )
    client.force_login(world.cm)
    html = client.get(reverse("core:start")).content.decode()
    assert "Heute fällig" in html and "Schon überfällig" in html and "Später" not in html
    assert "überfällig" in html
    client.force_login(world.lead)
    response = client.get(reverse("core:start"))
    overview = response.context["sections"]
    rows = next(
        s.context["overview"]
        for s in overview
        if "overview" in s.context and s.template.startswith("followups")
    )
    assert [(r["assignee_id"], r["today"], r["overdue"]) for r in rows] == [(world.cm.pk, 1, 1)]


def test_follow_up_list_queries_do_not_grow(client, world, case, django_assert_max_num_queries):
    for i in range(3):
        followup_create(
            actor=get_actor(world.cm), case=case, due_on=timezone.localdate(), title=f"a{i}"
        )
    client.force_login(world.lead)
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("followups:mine"))
    for i in range(20):
        followup_create(
            actor=get_actor(world.cm), case=case, due_on=timezone.localdate(), title=f"b{i}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("followups:mine"))


# --- reminders ------------------------------------------------------------------


def test_reminders_carry_counts_but_no_names_and_respect_the_opt_out(world, case, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world.cm.email = "cm@example.org"
    world.cm.save()
    followup_create(
        actor=get_actor(world.cm), case=case, due_on=DAY - timedelta(days=2), title="Haddad anrufen"
    )
    followup_create(actor=get_actor(world.cm), case=case, due_on=DAY, title="x")
    assert send_followup_reminders.call(world.tenant.pk, DAY.isoformat()) == 1
    message = mail.outbox[0]
    assert message.to == ["cm@example.org"]
    assert "2 fällige Wiedervorlagen, davon 1 überfällig" in message.body
    assert "Haddad" not in message.body + message.subject
    world.cm.followup_reminders = False
    world.cm.save()
    assert send_followup_reminders.call(world.tenant.pk, DAY.isoformat()) == 0


def test_daily_command_generates_and_reminds(world, case, settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world.cm.email = "cm@example.org"
    world.cm.save()
    call_command("followups_run", "--date", DAY.isoformat())
    assert FollowUp.objects.count() == 1
    assert len(mail.outbox) == 1


def test_users_switch_reminders_off_in_their_profile(client, world):
    client.force_login(world.cm)
    assert 'name="followup_reminders"' in client.get(reverse("accounts:profile")).content.decode()
    response = client.post(reverse("accounts:profile_reminders"), {})
    assert response.status_code == 302
    world.cm.refresh_from_db()
    assert world.cm.followup_reminders is False
    assert AuditEvent.objects.filter(action="user.update", actor=world.cm).exists()
    client.post(reverse("accounts:profile_reminders"), {"followup_reminders": "on"})
    world.cm.refresh_from_db()
    assert world.cm.followup_reminders is True


# --- sources from planning and people ----------------------------------------


def test_an_expiring_residence_title_gives_a_follow_up_weeks_before(world, case):
    from kim.people.services import residence_status_record

    until = date(2026, 8, 10)
    residence_status_record(
        actor=get_actor(world.cm),
        person=case.person,
        kind="ae",
        valid_from=date(2025, 8, 11),
        valid_until=until,
        legal_basis="§ 25 Abs. 2 AufenthG",
    )
    # Default: 8 weeks before, 15 June 2026.
    followups_generate(tenant=world.tenant, today=date(2026, 6, 14))
    assert not FollowUp.objects.filter(source=FollowUp.Source.RESIDENCE).exists()
    followups_generate(tenant=world.tenant, today=date(2026, 6, 15))
    followup = FollowUp.objects.get(source=FollowUp.Source.RESIDENCE)
    assert followup.due_on == date(2026, 6, 15)
    assert "10.08.2026" in followup.title
    # A renewal recorded afterwards makes it no longer current.
    residence_status_record(
        actor=get_actor(world.cm),
        person=case.person,
        kind="ae",
        valid_from=date(2026, 8, 11),
        valid_until=date(2028, 8, 10),
    )
    followups_generate(tenant=world.tenant, today=date(2026, 6, 16))
    followup.refresh_from_db()
    assert followup.done_on == date(2026, 6, 16)


def test_paused_cases_get_no_follow_up_for_missing_contact(world, case):
    from kim.cases.phases import Phase

    type(case).objects.filter(pk=case.pk).update(phase=Phase.PAUSED)
    assert followups_generate(tenant=world.tenant, today=DAY)["created"] == 0
