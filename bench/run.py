#!/usr/bin/env python3
"""`make bench`: server time and queries per request as an ordinary case manager.

1. Makes sure the PostgreSQL database `kim_bench` exists, is migrated and holds
   the data set of the requested size (generated only when missing).
2. Starts gunicorn with KIM_TIMING_HEADERS=1, so that every response carries
   `Server-Timing: app;dur=<ms>` and `X-Query-Count`.
3. Logs in BENCH_CLIENTS concurrent clients as case managers of the largest
   team of the largest tenant (not admins) and runs each endpoint in turn.
4. Prints a table (p50/p95/p99 server time, most queries, budget) and writes
   JSON to var/bench/<timestamp>.json and var/bench/latest.json.

Environment (all optional):
  BENCH_SCALE     statewide (default; 300,000 persons), small (6,000 persons) or
                  a share of statewide, e.g. 0.1; 1 = statewide
  BENCH_CLIENTS   concurrent clients (the number of CPU cores, 2 to 8)
  BENCH_REQUESTS  measured requests per endpoint (400; login: BENCH_LOGIN_REQUESTS, 40)
  BENCH_WORKERS   gunicorn worker processes (4)
  BENCH_JOBS      processes for generating the data set (2)
  BENCH_DATABASE_URL  postgres://postgres@127.0.0.1:5432/kim_bench
  BENCH_STRICT    1 = exit code 1 when a budget is missed
"""

import json
import math
import os
import platform
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable
STATEWIDE_SCALE = 1500  # kim.demo.generator.STATEWIDE_SCALE: 300,000 persons
PASSWORD = "demo"  # demo accounts log in only in demo mode


@dataclass(frozen=True)
class Endpoint:
    name: str
    label: str
    method: str
    path: str  # {case_id} and {query} are filled per request
    budget_ms: float | None  # p95 server time (DESIGN.md)
    expect: int = 200


ENDPOINTS = [
    Endpoint("login", "Anmeldung (POST)", "POST", "/konto/anmelden/", None, expect=302),
    Endpoint("start", "Startseite", "GET", "/", 50),
    Endpoint("case_list", "Fallliste", "GET", "/faelle/", 50),
    Endpoint("person_search", "Personensuche", "GET", "/personen/suche/?q={query}", 50),
    # The case page's tabs (docs/adr/0003-case-page-tabs.md): the budget holds for each.
    Endpoint("case_page", "Fallseite: Überblick", "GET", "/faelle/{case_id}/", 80),
    Endpoint(
        "long_case_page",
        "Fallseite: Überblick (200 Kontakte)",
        "GET",
        "/faelle/{long_case_id}/",
        80,
    ),
    Endpoint("case_plan", "Fallseite: Hilfeplan", "GET", "/faelle/{case_id}/hilfeplan/", 80),
    Endpoint("case_network", "Fallseite: Netzwerk", "GET", "/faelle/{case_id}/netzwerk/", 80),
    Endpoint("case_file", "Fallseite: Akte", "GET", "/faelle/{case_id}/akte/", 80),
]

LONG_CASE_CONTACTS = 200


@dataclass
class Sample:
    status: int
    server_ms: float | None
    queries: int | None
    client_ms: float


@dataclass
class Target:
    """Who the clients are and what they ask for."""

    usernames: list[str]
    case_ids: list[int]
    queries: list[str]
    long_case_id: int = 0
    tenant: str = ""
    unit: str = ""
    extra: dict = field(default_factory=dict)


# --- measuring ---------------------------------------------------------------------


def parse_server_timing(header: str | None) -> float | None:
    match = re.search(r"\bapp;dur=([0-9.]+)", header or "")
    return float(match.group(1)) if match else None


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def login(session, base_url: str, username: str, password: str = PASSWORD):
    """Log in through the login form with Django's CSRF token; returns the POST response."""
    url = base_url + "/konto/anmelden/"
    session.get(url, timeout=30)
    token = session.cookies.get("csrftoken", "")
    return session.post(
        url,
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=60,
    )


def _sample(response, started: float) -> Sample:
    queries = response.headers.get("X-Query-Count")
    return Sample(
        status=response.status_code,
        server_ms=parse_server_timing(response.headers.get("Server-Timing")),
        queries=int(queries) if queries and queries.isdigit() else None,
        client_ms=(time.perf_counter() - started) * 1000,
    )


def measure(base_url: str, target: Target, *, clients: int, requests_per_endpoint: int,
            login_requests: int, endpoints=ENDPOINTS, warmup: int = 3) -> dict[str, list[Sample]]:  # fmt: skip
    """Run each endpoint in turn with `clients` concurrent logged-in sessions."""
    import requests

    sessions = []
    for i in range(clients):
        session = requests.Session()
        username = target.usernames[i % len(target.usernames)]
        response = login(session, base_url, username)
        if response.status_code != 302:
            raise RuntimeError(
                f"Anmeldung als {username} fehlgeschlagen (HTTP {response.status_code}). "
                "Gibt es die Anmeldeseite /konto/anmelden/ schon?"
            )
        sessions.append(session)
    results: dict[str, list[Sample]] = {}
    for endpoint in endpoints:
        total = login_requests if endpoint.name == "login" else requests_per_endpoint
        per_client = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
        for i in range(clients):  # warm up worker processes and caches, not recorded
            for _ in range(warmup if endpoint.name != "login" else 0):
                _request(sessions[i], base_url, endpoint, target, random.Random(i))
        samples: list[Sample] = []
        lock = threading.Lock()

        def client(
            i: int, endpoint=endpoint, samples=samples, lock=lock, counts=per_client
        ) -> None:
            rng = random.Random(f"{endpoint.name}:{i}")
            mine = [
                _request(sessions[i], base_url, endpoint, target, rng) for _ in range(counts[i])
            ]
            with lock:
                samples.extend(mine)

        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(client, range(clients)))
        results[endpoint.name] = samples
    return results


def _request(
    session, base_url: str, endpoint: Endpoint, target: Target, rng: random.Random
) -> Sample:
    if endpoint.name == "login":
        import requests

        fresh = requests.Session()
        username = rng.choice(target.usernames)
        fresh.get(base_url + endpoint.path, timeout=30)
        token = fresh.cookies.get("csrftoken", "")
        started = time.perf_counter()
        response = fresh.post(
            base_url + endpoint.path,
            data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
            headers={"Referer": base_url + endpoint.path},
            allow_redirects=False,
            timeout=60,
        )
        return _sample(response, started)
    path = endpoint.path.format(
        case_id=rng.choice(target.case_ids) if target.case_ids else 0,
        long_case_id=target.long_case_id,
        query=rng.choice(target.queries) if target.queries else "",
    )
    started = time.perf_counter()
    response = session.get(base_url + path, allow_redirects=False, timeout=60)
    return _sample(response, started)


def summarise(results: dict[str, list[Sample]], endpoints=ENDPOINTS) -> list[dict]:
    rows = []
    for endpoint in endpoints:
        samples = results.get(endpoint.name, [])
        good = [s for s in samples if s.status == endpoint.expect]
        times = [s.server_ms for s in good if s.server_ms is not None]
        queries = [s.queries for s in good if s.queries is not None]
        p95 = percentile(times, 95)
        errors = len(samples) - len(good)
        rows.append(
            {
                "endpoint": endpoint.name,
                "label": endpoint.label,
                "path": endpoint.path,
                "n": len(good),
                "errors": errors,
                "statuses": sorted({s.status for s in samples}),
                "p50_ms": percentile(times, 50),
                "p95_ms": p95,
                "p99_ms": percentile(times, 99),
                "max_ms": max(times) if times else None,
                "queries_max": max(queries) if queries else None,
                "queries_p50": percentile(queries, 50),
                "client_p95_ms": percentile([s.client_ms for s in good], 95),
                "budget_p95_ms": endpoint.budget_ms,
                "ok": errors == 0
                and bool(times)
                and (endpoint.budget_ms is None or p95 <= endpoint.budget_ms),
            }
        )
    return rows


def format_table(rows: list[dict]) -> str:
    def ms(value):
        return "–" if value is None else f"{value:.1f}"

    header = [
        "Endpunkt",
        "n",
        "Fehler",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "Queries max",
        "Budget p95",
        "ok?",
    ]
    lines = [
        [
            row["label"],
            str(row["n"]),
            str(row["errors"]),
            ms(row["p50_ms"]),
            ms(row["p95_ms"]),
            ms(row["p99_ms"]),
            "–" if row["queries_max"] is None else str(row["queries_max"]),
            "–" if row["budget_p95_ms"] is None else f"≤ {row['budget_p95_ms']:.0f}",
            "ja" if row["ok"] else "NEIN",
        ]
        for row in rows
    ]
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
    out = []
    for i, r in enumerate([header, *lines]):
        out.append(
            "  ".join(
                c.ljust(w) if j == 0 else c.rjust(w)
                for j, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def write_report(report: dict, out_dir: Path = OUT_DIR) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = out_dir / f"{stamp}.json"
    text = json.dumps(report, indent=2, ensure_ascii=False, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    (out_dir / "latest.json").write_text(text + "\n", encoding="utf-8")
    return path


# --- the database ----------------------------------------------------------------------


def scale_factor(value: str) -> int:
    """BENCH_SCALE as the generator's factor (1 = 200 persons, 1500 = statewide)."""
    value = (value or "statewide").strip().lower()
    if value in ("statewide", "landesweit", "full"):
        return STATEWIDE_SCALE
    if value == "small":
        return 30
    share = float(value)
    if share <= 0:
        raise ValueError("BENCH_SCALE muss größer als 0 sein.")
    return max(1, round(share * STATEWIDE_SCALE))


def manage(args: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=False, **kwargs)


def _with_db(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/" + name))


def ensure_database(url: str, env: dict, factor: int, jobs: int) -> dict:
    """Create, migrate and fill the bench database as needed; returns what was done."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin_url = _with_db(url, "postgres")

    def create(drop: bool) -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            if drop:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                print(f"Lege Datenbank {name} an.")
                conn.execute(f'CREATE DATABASE "{name}"')

    create(drop=False)
    done: dict = {"generated": False}
    if manage(["migrate", "--no-input", "-v", "0"], env).returncode:
        raise SystemExit("migrate ist fehlgeschlagen.")
    check = manage(
        ["load_demo", "--scale", str(factor), "--check"], env, capture_output=True, text=True
    )
    state = check.stdout.strip() or f"exit {check.returncode}"
    if state == "complete":
        print(f"Datensatz (Faktor {factor}) ist schon vorhanden.")
        return done
    if state == "different":
        print(f"Die Datenbank {name} enthält einen Datensatz anderer Größe; sie wird neu angelegt.")
        create(drop=True)
        if manage(["migrate", "--no-input", "-v", "0"], env).returncode:
            raise SystemExit("migrate ist fehlgeschlagen.")
    elif state not in ("empty", "partial"):
        raise SystemExit(f"load_demo --check: {check.stdout}{check.stderr}")
    print(f"Erzeuge Datensatz mit Faktor {factor} ({jobs} Prozesse) …", flush=True)
    started = time.monotonic()
    if manage(["load_demo", "--scale", str(factor), "--jobs", str(jobs)], env).returncode:
        raise SystemExit("load_demo ist fehlgeschlagen.")
    done.update(generated=True, generation_seconds=round(time.monotonic() - started, 1))
    return done


def choose_target(url: str, clients: int) -> Target:
    """Case managers of the team with the most open cases in the largest tenant."""
    import psycopg

    with psycopg.connect(url) as conn:
        tenant_id, slug = conn.execute(
            """SELECT t.id, t.slug FROM core_tenant t JOIN people_person p ON p.tenant_id = t.id
               GROUP BY t.id, t.slug ORDER BY (t.slug = 'musterland'), count(*) DESC LIMIT 1"""
        ).fetchone()
        unit_id, unit_name = conn.execute(
            """SELECT u.id, u.name FROM cases_case c JOIN core_unit u ON u.id = c.unit_id
               WHERE c.tenant_id = %s AND c.status = 'open'
               GROUP BY u.id, u.name ORDER BY count(*) DESC LIMIT 1""",
            [tenant_id],
        ).fetchone()
        usernames = [
            row[0]
            for row in conn.execute(
                """SELECT u.username FROM accounts_user u
                   JOIN accounts_membership m ON m.user_id = u.id
                   JOIN accounts_role r ON r.id = m.role_id
                   WHERE m.unit_id = %s AND r.code = 'case_manager' AND u.is_active
                     AND NOT u.is_superuser AND NOT u.is_staff
                   ORDER BY u.username LIMIT %s""",
                [unit_id, clients],
            )
        ]
        case_ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM cases_case WHERE unit_id = %s ORDER BY md5(id::text) LIMIT 500",
                [unit_id],
            )
        ]
        names = conn.execute(
            """SELECT p.family_name, min(p.given_names) FROM people_person p
               JOIN people_personunit pu ON pu.person_id = p.id
               WHERE pu.tenant_id = %s AND pu.unit_id = %s
               GROUP BY p.family_name ORDER BY count(*) DESC, p.family_name LIMIT 12""",
            [tenant_id, unit_id],
        ).fetchall()
        sizes = conn.execute(
            """SELECT (SELECT count(*) FROM people_person), (SELECT count(*) FROM cases_case),
                      (SELECT count(*) FROM cases_contact), (SELECT count(*) FROM core_tenant),
                      (SELECT count(*) FROM cases_case WHERE unit_id = %s),
                      (SELECT count(*) FROM people_personunit WHERE unit_id = %s)""",
            [unit_id, unit_id],
        ).fetchone()
        long_case_id = ensure_long_case(conn, unit_id)
    queries = typed_queries(names)
    extra = dict(
        zip(
            ["persons", "cases", "contacts", "tenants", "unit_cases", "unit_persons"],
            sizes,
            strict=True,
        )
    )
    extra["long_case_contacts"] = LONG_CASE_CONTACTS
    return Target(
        usernames, case_ids, queries, long_case_id, tenant=slug, unit=unit_name, extra=extra
    )


def ensure_long_case(conn, unit_id: int) -> int:
    """The open case of the unit with the most contacts, topped up to 200 contacts
    (the issue's budget case); the extra contacts are synthetic and dated back
    one per week from the case's last contact."""
    case_id, tenant_id, manager_id, count = conn.execute(
        """SELECT c.id, c.tenant_id, c.case_manager_id, count(k.id) FROM cases_case c
           LEFT JOIN cases_contact k ON k.case_id = c.id
           WHERE c.unit_id = %s AND c.status = 'open'
           GROUP BY c.id ORDER BY count(k.id) DESC, c.id LIMIT 1""",
        [unit_id],
    ).fetchone()
    missing = LONG_CASE_CONTACTS - count
    if missing > 0:
        conn.execute(
            """INSERT INTO cases_contact (tenant_id, case_id, date, duration_minutes, mode,
                   interpreter_used, language, note, version, created_at, updated_at, created_by_id)
               SELECT %s, %s, current_date - (n * 7), 45, 'in_person', false, '',
                      'Beratungsgespräch (Benchmark-Datensatz)', 1, now(), now(), %s
               FROM generate_series(1, %s) AS n""",
            [tenant_id, case_id, manager_id, missing],
        )
        conn.execute(
            "UPDATE cases_case SET last_contact_on = (SELECT max(date) FROM cases_contact WHERE case_id = %s) WHERE id = %s",
            [case_id, case_id],
        )
        conn.commit()
    return case_id


def typed_queries(names: list[tuple[str, str]]) -> list[str]:
    """What people type: a family-name prefix, a full name, a given name and prefix."""
    queries = []
    for family, given in names:
        queries += [family[:3], family[:5], family]
        if given:
            queries.append(f"{given.split()[0]} {family[:4]}")
    return queries


# --- the server ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, workers: int, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "kim.wsgi:application",
            "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
            "--timeout", "120", "--error-logfile", "-", "--no-control-socket",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base_url = f"http://127.0.0.1:{port}"
    import requests

    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn ist beendet (siehe {log_path}).")
            try:
                requests.get(base_url + "/konto/anmelden/", timeout=30)
                return process, base_url
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.3)
        raise SystemExit(f"gunicorn antwortet nicht (siehe {log_path}).")
    except BaseException:
        stop_server(process)
        raise


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


# --- main ----------------------------------------------------------------------------------


def default_clients() -> str:
    """As many concurrent clients as the machine has cores (at least 2, at most 8):
    the budgets are server time per request under concurrent load; more clients than
    cores add the time a request waits for a core, which measures the machine."""
    return str(max(2, min(8, os.cpu_count() or 2)))


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kim_bench")
    factor = scale_factor(os.environ.get("BENCH_SCALE", "statewide"))
    clients = int(os.environ.get("BENCH_CLIENTS", default_clients()))
    requests_per_endpoint = int(os.environ.get("BENCH_REQUESTS", "400"))
    login_requests = int(os.environ.get("BENCH_LOGIN_REQUESTS", "40"))
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    jobs = int(os.environ.get("BENCH_JOBS", "2"))
    data_dir = OUT_DIR / "runtime"
    env = os.environ | {
        "DATABASE_URL": url,
        "KIM_DEMO": "1",
        "DEBUG": "0",
        "KIM_TIMING_HEADERS": "1",
        "KIM_DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    print(f"Benchmark: Faktor {factor}, {clients} Clients, {workers} gunicorn-Worker, {url}")
    if clients > (os.cpu_count() or 1):
        print(
            f"Hinweis: {clients} Clients auf {os.cpu_count()} CPU-Kernen – die Serverzeit "
            "enthält dann das Warten auf einen freien Kern, nicht nur die Arbeit der Anfrage."
        )
    prepared = ensure_database(url, env, factor, jobs)
    if manage(["collectstatic", "--no-input", "-v", "0"], env).returncode:
        raise SystemExit("collectstatic ist fehlgeschlagen (make assets?).")
    target = choose_target(url, clients)
    print(
        f"Als {len(target.usernames)} Case Manager*innen von „{target.unit}“ ({target.tenant}; "
        f"{target.extra['unit_cases']:,} Fälle, {target.extra['unit_persons']:,} Personen in der Einheit). "
        f"Datensatz: {target.extra['persons']:,} Personen, {target.extra['cases']:,} Fälle, "
        f"{target.extra['contacts']:,} Kontakte."
    )
    load_before = os.getloadavg()
    process, base_url = start_server(env, workers, OUT_DIR / "gunicorn.log")
    started = time.monotonic()
    try:
        results = measure(
            base_url,
            target,
            clients=clients,
            requests_per_endpoint=requests_per_endpoint,
            login_requests=login_requests,
        )
    finally:
        stop_server(process)
    rows = summarise(results)
    print()
    print(format_table(rows))
    report = {
        "at": datetime.now().isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip(),
        "scale": factor,
        "data": target.extra,
        "preparation": prepared,
        "clients": clients,
        "workers": workers,
        "requests_per_endpoint": requests_per_endpoint,
        "login_requests": login_requests,
        "seconds": round(time.monotonic() - started, 1),
        "tenant": target.tenant,
        "unit": target.unit,
        "users": target.usernames,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "loadavg_before": load_before, "loadavg_after": os.getloadavg()},
        "endpoints": [asdict(e) for e in ENDPOINTS],
        "results": rows,
    }  # fmt: skip
    path = write_report(report)
    print(f"\nErgebnis: {path.relative_to(ROOT)} (und var/bench/latest.json)")
    if any(row["errors"] for row in rows):
        print(
            "Fehlerhafte Antworten – siehe Statuscodes in der JSON-Datei und var/bench/gunicorn.log."
        )
        return 1
    if os.environ.get("BENCH_STRICT") == "1" and not all(row["ok"] for row in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
