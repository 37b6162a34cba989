from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kim.core"
    label = "core"
    verbose_name = "Grundlagen"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_session_renewed

        user_logged_in.connect(mark_session_renewed, dispatch_uid="kim_session_renewed")
        from django.utils.translation import gettext_lazy as _

        from . import sections  # noqa: F401  (registers start page sections)
        from .catalogues import Catalogue, register_catalogue
        from .models import FieldOfAction

        register_catalogue(
            Catalogue(
                key="handlungsfelder",
                model=FieldOfAction,
                title=_("Handlungsfelder"),
                create_label=_("Handlungsfeld anlegen"),
                saved_message=_("Das Handlungsfeld wurde gespeichert."),
                intro=_(
                    "Die Handlungsfelder erscheinen in dieser Reihenfolge in Fällen und "
                    "Auswertungen. Deaktivierte Felder stehen nicht mehr zur Auswahl."
                ),
                audit_prefix="field",
                api_name="fields",
                code_taken=_("Dieses Kürzel hat bereits ein anderes Handlungsfeld."),
                order=10,
            )
        )
