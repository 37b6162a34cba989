"""Browser tests: the slice clicked and typed through in headless Chromium, checked by axe-core."""
