"""`manage.py load_demo`: the demo data set, or a larger one with --scale."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kim.demo.generator import (
    DEFAULT_SEED,
    DEMO_PERSONS,
    STATEWIDE_SCALE,
    generate,
    population,
    summary,
)
from kim.demo.referrals import demo_link_lines
from kim.demo.structure import DemoConflict

CHECK_EXIT_CODES = {"complete": 0, "empty": 10, "partial": 11, "different": 12}


class Command(BaseCommand):
    help = (
        "Lädt synthetische Demodaten (Kreis Musterland). Idempotent: ein zweiter Lauf "
        f"ändert nichts. --scale {STATEWIDE_SCALE} erzeugt den landesweiten Datensatz "
        "(etwa 300.000 Personen, 400.000 Fälle, 5 Mio. Kontakte)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help=f"Faktor gegenüber dem Demodatensatz (1 = {DEMO_PERSONS} Personen, "
            f"{STATEWIDE_SCALE} = landesweit).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Parallele Prozesse für die zusätzlichen Kommunen (z. B. 2 auf 2 Kernen).",
        )
        parser.add_argument(
            "--persons",
            type=int,
            default=DEMO_PERSONS,
            help="Personen im Kreis Musterland (für schnelle Tests kleiner).",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Zufallsstartwert.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Nichts erzeugen, nur prüfen, ob der Datensatz dieser Größe vorhanden ist "
            "(Exit-Code 0 vollständig, 10 leer, 11 unvollständig, 12 andere Größe).",
        )

    def handle(self, *args, scale, seed, check, jobs, persons, **options):
        if scale < 1:
            raise CommandError("--scale muss mindestens 1 sein.")
        if check:
            state = population(scale, demo_persons=persons, seed=seed)
            self.stdout.write(state)
            raise SystemExit(CHECK_EXIT_CODES[state])
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demodaten nur im Demo-Modus: KIM_DEMO=1 setzen (Demo-Konten melden sich "
                "außerhalb des Demo-Modus ohnehin nicht an)."
            )
        started = time.monotonic()
        try:
            created = generate(
                scale=scale, seed=seed, jobs=jobs, demo_persons=persons, log=self.stdout.write
            )
        except DemoConflict as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        if not created["tenants"]:
            self.stdout.write("Demodaten sind schon vorhanden; nichts geändert.")
        self.stdout.write(f"Fertig in {elapsed:.1f} s.")
        for label, n in summary().items():
            self.stdout.write(f"  {label}: {n:,}".replace(",", "."))
        self.stdout.write(
            "Anmeldung mit Passwort „demo“: cm.nord, cm.sued, leitung.nord, leitung.kreis, "
            "koordination, abh, datenschutz, admin."
        )
        # The partner account and the demo's partner link (its token derived, not stored).
        for line in demo_link_lines():
            self.stdout.write(line)
