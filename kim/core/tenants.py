"""Setting up a new tenant: each app registers what a tenant needs from the
start (default catalogues); `tenant_seed` runs them all, idempotently."""

from collections.abc import Callable

_SEEDERS: list[Callable] = []


def register_seeder(seeder: Callable) -> Callable:
    if seeder not in _SEEDERS:
        _SEEDERS.append(seeder)
    return seeder


def tenant_seed(tenant) -> None:
    for seeder in _SEEDERS:
        seeder(tenant)
