from django.conf import settings
from django.contrib.auth.backends import ModelBackend, UserModel


class KimModelBackend(ModelBackend):
    """Django's model backend; demo accounts log in only in demo mode."""

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return super().user_can_authenticate(user)

    def get_user(self, user_id):
        # Every page shows the tenant's name in the header: load it with the user.
        try:
            user = UserModel._default_manager.select_related("tenant").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
