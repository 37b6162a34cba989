import os
import subprocess
import sys
from pathlib import Path

from kim.settings import ENV_VARS

ROOT = Path(__file__).resolve().parents[3]


def test_operations_doc_lists_every_environment_variable():
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    missing = [var.name for var in ENV_VARS if f"`{var.name}`" not in text]
    assert not missing, f"docs/operations.md does not document: {missing}"


def _settings_in_subprocess(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"KIM_DEMO", "SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kim.settings'; "
            "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
        ],
        env=clean | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_outside_demo_mode():
    result = _settings_in_subprocess({})
    assert result.returncode != 0
    assert "SECRET_KEY fehlt" in result.stderr


def test_production_defaults_are_safe():
    result = _settings_in_subprocess({"SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]  # no debug, secure cookies


def test_demo_mode_runs_without_a_secret_and_without_https():
    result = _settings_in_subprocess({"KIM_DEMO": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
