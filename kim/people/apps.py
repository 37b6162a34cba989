from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "kim.people"
    label = "people"
    verbose_name = "Personen"

    def ready(self):
        # Registers abilities and page sections.
        from . import abilities, sections  # noqa: F401 - imported to register
