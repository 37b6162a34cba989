from django.core.management.base import BaseCommand, CommandError

from kim.core.models import Tenant
from kim.people.services.duplicates import duplicates_scan


class Command(BaseCommand):
    help = (
        "Sucht mögliche Dubletten unter den Personen jeder Kommune und erneuert die "
        "Dublettenliste der Teamleitungen (täglich per Timer, z. B. nachts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="nur diese Kommune (Kürzel)")

    def handle(self, *args, tenant=None, **options):
        tenants = Tenant.objects.order_by("name")
        if tenant:
            tenants = tenants.filter(slug=tenant)
            if not tenants:
                raise CommandError(f"Keine Kommune mit dem Kürzel „{tenant}“.")
        for each in tenants:
            scan = duplicates_scan(tenant_id=each.pk)
            seconds = (scan.finished_at - scan.started_at).total_seconds()
            self.stdout.write(
                f"{each.name}: {scan.persons} Personen, {scan.compared} Vergleiche, "
                f"{scan.pairs} mögliche Dubletten ({seconds:.1f} s)"
            )
