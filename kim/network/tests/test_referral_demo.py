"""The demo's referrals: every status in Kreis Musterland, disclosures for those that
share data, the VHS's inbox, and Iryna Bondarenko's partner link, printed by
load_demo from its derived token and opening the referral; idempotent."""

import hashlib
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from kim.accounts.models import User
from kim.core.models import AuditEvent, Tenant
from kim.network.models import Referral, ReferralLink
from kim.network.referral_states import Status
from kim.people.models import Disclosure


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True), transaction.atomic():
        out = StringIO()
        call_command("load_demo", "--persons", "60", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db, settings):
    settings.DEMO_MODE = True
    return Tenant.objects.get(slug="musterland")


def test_the_demo_has_referrals_in_every_status(demo):
    statuses = Counter(Referral.objects.filter(tenant=demo).values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    iryna = Referral.objects.get(case__person__family_name="Bondarenko")
    assert iryna.status == Status.SENT and iryna.case.case_manager.username == "cm.nord"


def test_every_sent_referral_with_data_is_in_the_disclosure_log(demo):
    with_data = (
        Referral.objects.filter(tenant=demo)
        .exclude(status=Status.DRAFT)
        .exclude(data_categories=[])
    )
    assert with_data.count() >= 6
    logged = set(
        Disclosure.objects.filter(source_type="network.referral").values_list(
            "source_id", flat=True
        )
    )
    assert set(with_data.values_list("pk", flat=True)) == logged


def test_the_vhs_partner_finds_its_referrals_in_the_inbox(demo):
    client = Client()
    client.force_login(User.objects.get(username="partner.vhs"))
    page = client.get(reverse("referrals:inbox")).content.decode()
    assert "Desislava Ivanova" in page  # waiting for an answer
    assert "Mohammed Al-Hassan" in page  # under way
    assert "Iryna Bondarenko" not in page  # sent elsewhere


def test_load_demo_prints_a_working_partner_link_and_stores_no_token(loaded, demo):
    line = next(line for line in loaded.splitlines() if line.startswith("Partner-Link (nur Demo)"))
    token = line.split("/partner/")[1].strip("/")
    link = ReferralLink.objects.get(tenant=demo)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(list(AuditEvent.objects.values_list("changes", flat=True)))
    page = Client().get(reverse("partner:link", args=[token])).content.decode()
    assert "Iryna Bondarenko" in page and "Patenschaften für Neuzugewanderte" in page
    assert "partner.vhs" in loaded


def test_a_second_run_changes_no_referral_and_prints_the_same_link(loaded, demo):
    before = sorted(Referral.objects.values_list("pk", "status", "version"))
    out = StringIO()
    call_command("load_demo", "--persons", "60", stdout=out)
    assert sorted(Referral.objects.values_list("pk", "status", "version")) == before
    link = [line for line in loaded.splitlines() if line.startswith("Partner-Link")]
    assert [line for line in out.getvalue().splitlines() if line.startswith("Partner-Link")] == link
