from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class KimModelBackend(ModelBackend):
    """Django's model backend; demo accounts log in only in demo mode."""

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)
