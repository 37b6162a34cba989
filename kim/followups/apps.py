from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    """Wiedervorlagen: follow-ups by hand and generated from the case data."""

    name = "kim.followups"
    label = "followups"
    verbose_name = "Wiedervorlagen"

    def ready(self):
        # Registers abilities, page sections, the built-in follow-up sources and
        # passing open follow-ups on when a case is handed over.
        from kim.cases.handover_hooks import register_handover_hook

        from . import abilities, sections, sources  # noqa: F401 - imported to register
        from .services import followups_pass_on

        register_handover_hook(followups_pass_on)
