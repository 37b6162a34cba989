from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Documents (Dokumente) uploaded to a person or a case."""

    name = "kim.documents"
    label = "documents"
    verbose_name = "Dokumente"

    def ready(self):
        # Registers the abilities of Document and the sections of the person and case pages.
        from . import abilities, sections  # noqa: F401  (imported to register)
