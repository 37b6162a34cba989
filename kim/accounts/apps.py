from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kim.accounts"
    label = "accounts"
    verbose_name = "Konten"
