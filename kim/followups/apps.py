from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    """Wiedervorlagen: follow-ups by hand and generated from the case data."""

    name = "kim.followups"
    label = "followups"
    verbose_name = "Wiedervorlagen"

    def ready(self):
        # Registers abilities, page sections and the built-in follow-up sources.
        from . import abilities, sections, sources  # noqa: F401
