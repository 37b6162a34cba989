from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from kim.accounts.models import ApiToken, hash_token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer kim_…` with a token created on the profile page."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header.startswith(self.keyword + " "):
            return None
        raw = header[len(self.keyword) + 1 :].strip()
        token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
        if token is None or not token.is_valid or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Ungültiges oder abgelaufenes Token."))
        if token.user.is_demo:
            from django.conf import settings

            if not settings.DEMO_MODE:
                raise exceptions.AuthenticationFailed(_("Demo-Konten sind abgeschaltet."))
        now = timezone.now()
        # Record use at most once a minute: not a write on every API call.
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
