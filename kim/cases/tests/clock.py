"""Moving time in tests: `timezone.now()` (and so `localdate()`) answers a later moment."""

from django.utils import timezone


class Clock:
    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch
        self._real = timezone.now

    def move(self, delta):
        """From now on it is `delta` later than the real time."""
        target = self._real() + delta
        self._monkeypatch.setattr(timezone, "now", lambda: target)
        return target
