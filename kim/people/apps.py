from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "kim.people"
    label = "people"
    verbose_name = "Personen"

    def ready(self):
        from . import abilities  # noqa: F401  (registers abilities)
