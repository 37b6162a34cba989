#!/usr/bin/env python3
"""Runs the whole test suite: SQLite, then PostgreSQL and the browser tests
when this machine has them.

What cannot run is said plainly at the end. With KIM_REQUIRE_ALL=1 (set by
.ci/run) a skipped PostgreSQL or browser run is a failure.
"""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REQUIRE_ALL = os.environ.get("KIM_REQUIRE_ALL") == "1"
CHROMIUM = os.environ.get("KIM_CHROMIUM", "/usr/bin/chromium")
PG_URL = os.environ.get("KIM_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/kim")
WORKERS = os.environ.get("KIM_TEST_WORKERS", "auto")


def run(title: str, args: list[str], env: dict[str, str]) -> bool:
    print(f"\n=== {title} ===", flush=True)
    completed = subprocess.run([PYTHON, "-m", "pytest", *args], cwd=ROOT, env=env, check=False)
    return completed.returncode == 0


def postgres_reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 2):
            return True
    except OSError:
        return False


def main() -> int:
    base_env = os.environ.copy()
    base_env.setdefault("KIM_DEMO", "1")
    base_env.pop("DATABASE_URL", None)
    extra = sys.argv[1:]
    results: dict[str, bool] = {}
    skipped: list[str] = []

    results["SQLite"] = run(
        "Testsuite auf SQLite", ["-m", "not browser", "-n", WORKERS, *extra], base_env
    )

    if postgres_reachable(PG_URL):
        pg_env = base_env | {"DATABASE_URL": PG_URL}
        results["PostgreSQL"] = run(
            "Testsuite auf PostgreSQL", ["-m", "not browser", "-n", WORKERS, *extra], pg_env
        )
    else:
        skipped.append(f"PostgreSQL-Lauf übersprungen: keine Datenbank unter {PG_URL} erreichbar.")

    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        browser_env = base_env | {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}
        results["Browser"] = run(
            "Browser-Tests (Chromium, axe-core)", ["-m", "browser", *extra], browser_env
        )
    else:
        skipped.append(
            f"Browser-Tests übersprungen: kein Chromium unter {CHROMIUM} "
            "(Debian: apt-get install chromium)."
        )

    print("\n=== Ergebnis ===")
    for name, ok in results.items():
        print(f"  {name}: {'bestanden' if ok else 'FEHLGESCHLAGEN'}")
    for line in skipped:
        print(f"  ÜBERSPRUNGEN – {line}")
    if skipped and REQUIRE_ALL:
        print("  KIM_REQUIRE_ALL=1: übersprungene Läufe gelten als Fehler.")
        return 1
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
