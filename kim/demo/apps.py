from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kim.demo"
    label = "demo"
    verbose_name = "Demodaten"
