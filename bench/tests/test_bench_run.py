"""The benchmark runner's client side, against a stub server that speaks like Django."""

import importlib.util
import json
import threading
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

spec = importlib.util.spec_from_file_location("bench_run", Path(__file__).parent.parent / "run.py")
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)


class StubKim(BaseHTTPRequestHandler):
    """Login with a CSRF cookie; every other page needs the session cookie."""

    def log_message(self, *args):
        pass

    def _cookies(self) -> dict:
        jar = SimpleCookie(self.headers.get("Cookie", ""))
        return {k: v.value for k, v in jar.items()}

    def _reply(self, status: int, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Server-Timing", "app;dur=12.50")
        self.send_header("X-Query-Count", "7")
        self.send_header("Content-Length", "0")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def do_GET(self):
        path = urlparse(self.path).path
        if path == "/konto/anmelden/":
            return self._reply(200, {"Set-Cookie": "csrftoken=tok123; Path=/"})
        if self._cookies().get("sessionid") != "s1":
            return self._reply(302, {"Location": "/konto/anmelden/"})
        if path in ("/", "/faelle/", "/personen/suche/") or path.startswith("/faelle/"):
            return self._reply(200)
        return self._reply(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        csrf_ok = form.get("csrfmiddlewaretoken") == self._cookies().get("csrftoken") == "tok123"
        if csrf_ok and form.get("password") == "demo" and form.get("username"):
            return self._reply(302, {"Location": "/", "Set-Cookie": "sessionid=s1; Path=/"})
        return self._reply(403 if not csrf_ok else 200)


@pytest.fixture
def stub_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubKim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_it_measures_every_endpoint_as_logged_in_clients(stub_url, tmp_path):
    target = run.Target(["cm1", "cm2"], [11, 12, 13], ["Moh", "Ahmad Rah"], long_case_id=14)

    results = run.measure(stub_url, target, clients=3, requests_per_endpoint=10, login_requests=4)
    rows = run.summarise(results)

    assert [r["endpoint"] for r in rows] == [
        "login",
        "start",
        "case_list",
        "person_search",
        "case_page",
        "long_case_page",
        "case_plan",
        "case_network",
        "case_file",
    ]
    assert [r["n"] for r in rows] == [4, 10, 10, 10, 10, 10, 10, 10, 10]
    assert all(r["errors"] == 0 and r["ok"] for r in rows)
    assert all(r["p95_ms"] == 12.5 and r["queries_max"] == 7 for r in rows)
    table = run.format_table(rows)
    assert "Fallseite" in table and "≤ 80" in table
    path = run.write_report({"results": rows}, tmp_path)
    assert json.loads(path.read_text())["results"][0]["endpoint"] == "login"
    assert json.loads((tmp_path / "latest.json").read_text()) == json.loads(path.read_text())


def test_it_counts_unexpected_statuses_as_errors(stub_url):
    target = run.Target(["cm1"], [1], ["x"])
    missing = run.Endpoint("nowhere", "Fehlt", "GET", "/gibt-es-nicht/", 50)

    results = run.measure(stub_url, target, clients=2, requests_per_endpoint=4, login_requests=0,
                          endpoints=[missing])  # fmt: skip
    (row,) = run.summarise(results, [missing])

    assert row["errors"] == 4 and row["statuses"] == [404] and not row["ok"]


def test_it_reads_server_timing_and_percentiles():
    assert run.parse_server_timing("app;dur=3.25") == 3.25
    assert run.parse_server_timing("db;dur=1, app;dur=40") == 40.0
    assert run.parse_server_timing(None) is None
    assert run.percentile(list(range(1, 101)), 95) == 95
    assert run.percentile([5.0], 99) == 5.0
    assert run.percentile([], 50) is None


def test_bench_scale_names_map_to_generator_factors():
    assert run.scale_factor("statewide") == 1500
    assert run.scale_factor("1") == 1500
    assert run.scale_factor("0.1") == 150
    assert run.scale_factor("small") == 30


@pytest.mark.parametrize(
    ("cores", "clients"), [(None, "2"), (1, "2"), (2, "2"), (4, "4"), (64, "8")]
)
def test_by_default_it_runs_as_many_clients_as_the_machine_has_cores(monkeypatch, cores, clients):
    monkeypatch.setattr(run.os, "cpu_count", lambda: cores)
    assert run.default_clients() == clients
