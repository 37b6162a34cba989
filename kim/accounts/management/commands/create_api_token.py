"""manage.py create_api_token <username> <name> [--days N]: issue an API token."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kim.accounts.models import ApiToken, User
from kim.core.actor import Actor
from kim.core.audit import audit


class Command(BaseCommand):
    help = (
        "Erzeugt ein API-Token für ein Konto. Das Token wird nur dieses eine Mal "
        "ausgegeben (gespeichert wird nur sein Hash)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Benutzername des Kontos")
        parser.add_argument("name", help="Bezeichnung, z. B. „Statistik-Export Jobcenter“")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Gültigkeit in Tagen (ohne Angabe: unbefristet, bis es widerrufen wird)",
        )

    def handle(self, *args, username, name, days, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Es gibt kein Konto mit dem Benutzernamen „{username}“.")
        if not user.is_active:
            raise CommandError(f"Das Konto „{username}“ ist deaktiviert.")
        if days is not None and days < 1:
            raise CommandError("--days muss mindestens 1 sein.")
        if not name.strip():
            raise CommandError("Bitte geben Sie dem Token eine Bezeichnung.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        token, raw = ApiToken.issue(user=user, name=name.strip()[:100], expires_at=expires_at)
        # Issued from the command line: recorded as a system event of the user's tenant.
        audit(
            actor=Actor(user=None, tenant_id=user.tenant_id),
            action="api_token.create",
            obj=token,
            changes={
                "user": username,
                "name": token.name,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
        until = (
            f"gültig bis {timezone.localtime(expires_at):%d.%m.%Y %H:%M}"
            if expires_at
            else "unbefristet"
        )
        self.stderr.write(
            f"API-Token „{token.name}“ für {username} ({until}). Es wird nur jetzt "
            "angezeigt; bewahren Sie es sicher auf:"
        )
        self.stdout.write(raw)
