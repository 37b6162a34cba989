from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """Someone else saved the record since the user loaded it."""

    def __init__(self, current):
        self.current = current
        super().__init__(_("Der Datensatz wurde inzwischen geändert."))


class NotAllowed(Exception):
    """The actor may not do this (views turn it into 404 for outsiders)."""
