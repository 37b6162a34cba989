from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kim.core"
    label = "core"
    verbose_name = "Grundlagen"
