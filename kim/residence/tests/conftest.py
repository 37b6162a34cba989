"""Fixtures of the residence tests: `h`, a person of case management unit A ready
for the hand-over to the authority (see `kim.testing.handover`)."""

import pytest

from kim.testing.handover import build_handover


@pytest.fixture
def h(world):
    return build_handover(world)
