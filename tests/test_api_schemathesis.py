"""The read API against its own OpenAPI document, on a RUNNING server: ``kegong serve`` started in a subprocess
over a demo county, a token made with ``kegong token create``, and schemathesis generating requests for every
operation (bounded: ~20 examples each) — no 5xx, every response (200 or a Chinese 4xx) as the document says."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
KEGONG = [sys.executable, "-m", "kegong"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(KEGONG_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="tests.api_settings",
               PYTHONPATH=str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""))
    return env


def _run(args: list[str], env: dict) -> str:
    done = subprocess.run(KEGONG + args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, a town user's key, the admin's key) of a server over a fresh demo county."""
    data = tmp_path_factory.mktemp("api-demo")
    env = _env(data)
    _run(["demo", "--quiet", "--through", "2026-06", "--enterprises", "60"], env)  # a smaller county: quicker
    made = {u: subprocess.Popen(KEGONG + ["token", "create", "--user", u, "--name", "市平台", "--quiet"], env=env,
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for u in ("town", "admin")}
    keys = {u: p.communicate(timeout=60)[0].strip() for u, p in made.items()}
    assert all(k.startswith("kg_") for k in keys.values()), keys
    port = _free_port()
    proc = subprocess.Popen(KEGONG + ["serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "2"],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/api/v1/openapi.json", timeout=15)
                break
            except requests.RequestException:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else "server exited"
                time.sleep(0.2)
        yield base, keys
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def api_schema(server):
    base, _keys = server
    schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json", wait_for_schema=20)
    schema.config.update(base_url=base)
    return schema


@pytest.mark.parametrize(("mode", "examples"), [(GenerationMode.POSITIVE, 20), (GenerationMode.NEGATIVE, 10)])
def test_every_operation_keeps_to_its_document(api_schema, server, mode, examples):
    """As the town user (a scoped reader: 403s and 404s are answers too) — no 5xx and every response as
    documented; requests breaking the document (negative mode) are refused with a 4xx. A request the document
    allows may still be a 400 (a period with no figures, a town the county does not have: the Chinese
    reason says so), so schemathesis's "schema-valid data is accepted" check is left out."""
    _base, keys = server
    headers = {"Authorization": f"Bearer {keys['town']}"}
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/indicators/", "/api/v1/rankings/", "/api/v1/enterprises/",
                                              "/api/v1/enterprises/{uscc}/", "/api/v1/ledgers/",
                                              "/api/v1/ledgers/{slug}/"}
    for op in operations:
        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            response = case.call_and_validate(headers=headers, timeout=30, excluded_checks=[positive_data_acceptance])
            assert response.status_code < 500

        check()


def test_the_server_answers_a_county_token_and_refuses_none(server):
    base, keys = server
    ok = requests.get(f"{base}/api/v1/enterprises/", headers={"Authorization": f"Bearer {keys['admin']}"},
                      params={"limit": 500}, timeout=30)
    town = requests.get(f"{base}/api/v1/enterprises/", headers={"Authorization": f"Bearer {keys['town']}"},
                        params={"limit": 500}, timeout=30)
    assert ok.status_code == 200 and town.status_code == 200
    towns = {e["town"] for e in town.json()["items"]}
    assert towns == {"城关镇"} and 0 < town.json()["count"] < ok.json()["count"]
    none = requests.get(f"{base}/api/v1/enterprises/", timeout=30)
    assert none.status_code == 401 and "令牌" in none.json()["detail"]


def test_every_ledger_lists_its_records_on_the_demo(server):
    """Each declared ledger, read through the generic endpoint over the demo's records: as many as its entry
    in the index says, each with the list's columns."""
    base, keys = server
    auth = {"Authorization": f"Bearer {keys['admin']}"}
    index = requests.get(f"{base}/api/v1/ledgers/", headers=auth, timeout=30).json()
    assert len(index) > 5 and any(lg["records"] for lg in index)
    for lg in index:
        r = requests.get(f"{base}/api/v1/ledgers/{lg['slug']}/", headers=auth, params={"limit": 500}, timeout=60)
        assert r.status_code == 200, (lg["slug"], r.text[:300])
        page = r.json()
        assert page["count"] == lg["records"] and len(page["items"]) == min(500, lg["records"])
        keys_ = {c["key"] for c in lg["columns"]}
        assert all(set(item["values"]) == keys_ for item in page["items"])
