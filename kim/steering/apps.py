from django.apps import AppConfig


class SteeringConfig(AppConfig):
    """Baustein 1, the strategic coordination: from the barriers flagged in cases to
    structural issues, the steering bodies' decisions and the report to politics.
    The coordination works with counts, never with a person or a case."""

    name = "kim.steering"
    label = "steering"
    verbose_name = "Strategische Steuerung"

    def ready(self):
        # Imported for their effect: they register the abilities of structural issues
        # and the start-page sections; nothing here uses the modules themselves.
        from . import abilities, sections  # noqa: F401 - registration side effects
