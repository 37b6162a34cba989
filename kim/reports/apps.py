from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Printable documents about a case: the case summary as PDF and print view."""

    name = "kim.reports"
    label = "reports"
    verbose_name = "Berichte"

    def ready(self):
        # Registers the link to the case summary in the side column of the case page, the
        # link to the disclosure log on the person page and data protection's start section.
        from . import sections  # noqa: F401  (imported to register)
