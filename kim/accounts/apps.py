from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kim.accounts"
    label = "accounts"
    verbose_name = "Konten"

    def ready(self):
        from . import sections  # noqa: F401  (registers the start page section)
