from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from kim.core.models import Tenant
from kim.followups.services import followups_generate
from kim.followups.tasks import send_followup_reminders


class Command(BaseCommand):
    help = "Erzeugt fällige Wiedervorlagen für alle Kommunen und stellt die E-Mail-Erinnerungen ein (täglich per Timer)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, help="Stichtag JJJJ-MM-TT (Standard: heute)"
        )
        parser.add_argument("--no-mail", action="store_true", help="keine Erinnerungen einstellen")

    def handle(self, *args, **options):
        today = options["date"] or timezone.localdate()
        for tenant in Tenant.objects.order_by("name"):
            result = followups_generate(tenant=tenant, today=today)
            self.stdout.write(
                f"{tenant.name}: {result['created']} neu, {result['closed']} erledigt"
            )
            if not options["no_mail"]:
                send_followup_reminders.enqueue(tenant.pk, today.isoformat())
