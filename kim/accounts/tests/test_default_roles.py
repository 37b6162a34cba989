"""A migrated database carries the default roles exactly as kim.core.permissions
defines them: every permission added later comes with a data migration."""

import pytest

from kim.accounts.models import Role
from kim.core.permissions import DEFAULT_ROLES, PERMISSIONS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", sorted(DEFAULT_ROLES))
def test_role_has_the_default_permissions(code):
    role = Role.objects.get(code=code)
    assert sorted(role.permissions) == sorted(DEFAULT_ROLES[code][1])


def test_every_default_permission_is_described():
    used = {p for _name, permissions in DEFAULT_ROLES.values() for p in permissions}
    assert used <= set(PERMISSIONS)
