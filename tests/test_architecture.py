"""The tree keeps its shape: dependencies point one way, the core is pure, modules stay small.

Read from the source (``ast``), not from what happens to be imported at run time, so a function-level
import counts as much as a module-level one.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "kegong"
PURE = ("core", "readers")  # no Django, no database, no kegong app
# what each package may import (besides itself); everything else is a violation
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "readers": {"core"},
    "conf": {"core"},
    "db": set(),
    "admin_log": set(),
    "deploy_settings": {"core"},  # the deployment's settings, declared once (read by settings and kegong settings)
    "auditlog": {"admin_log"},
    "enterprises": {"core", "db", "admin_log"},
    "figures": {"core", "enterprises", "county", "db", "conf", "admin_log"},
    "county": {"core", "admin_log"},
    "imports": {"core", "readers", "enterprises", "figures", "db", "conf", "admin_log"},
    "audit": {"core", "enterprises", "figures", "admin_log", "measures"},
    "targets": {"core", "enterprises", "figures", "county", "admin_log"},
    # reports read measures (counts of ledger records) through the registry, never an app's models
    "reports": {"core", "enterprises", "figures", "county", "targets", "conf", "admin_log", "measures"},
    "accounts": {"core", "enterprises", "admin_log"},
    "ledgers": {"core", "readers", "enterprises", "admin_log"},
    "tech": {"core", "readers", "enterprises", "figures", "ledgers", "admin_log", "measures"},
    "service": {"core", "readers", "enterprises", "figures", "county", "ledgers", "admin_log", "measures"},
    # projects hear the imports' signals (kegong.imports.signals: a 项目库 file keeps its projects)
    "projects": {"core", "readers", "enterprises", "figures", "county", "ledgers", "admin_log", "measures",
                 "imports"},
    "informatization": {"core", "readers", "enterprises", "figures", "county", "ledgers", "admin_log", "measures"},
    "wall": {"core", "readers", "enterprises", "figures", "county", "ledgers", "admin_log", "measures"},
    "sme": {"core", "readers", "enterprises", "figures", "county", "ledgers", "admin_log", "measures"},
    "assessment": {"core", "readers", "enterprises", "figures", "county", "targets", "ledgers", "admin_log",
                   "measures"},
    "measures": {"core", "enterprises", "figures", "county", "targets"},
    "demo": {"core", "enterprises", "figures", "imports", "county", "targets", "reports", "accounts", "ledgers",
             "tech", "service", "projects", "informatization", "wall", "sme", "assessment"},
    "serializers": {"core"},
    "backup": {"core", "conf", "db"},
    "jobs": {"core", "readers", "conf", "imports", "reports", "audit"},  # the queue and the jobs' bodies
    "web": {"core", "readers", "enterprises", "figures", "imports", "county", "audit", "targets", "reports",
            "serializers", "conf", "db", "accounts", "measures", "ledgers", "tech", "service", "projects",
            "informatization", "wall", "sme", "assessment", "jobs", "admin_log", "auditlog"},
    "cli": {"core", "readers", "enterprises", "figures", "imports", "county", "audit", "targets", "reports",
            "demo", "serializers", "conf", "wsgi", "web", "db", "accounts", "measures", "backup", "api", "jobs",
            "admin_log", "auditlog", "deploy_settings"},
    "api": {"core", "serializers", "enterprises", "figures", "county", "targets", "measures", "ledgers", "accounts",
            "conf"},
    "settings": {"conf", "deploy_settings"},
    "urls": {"web"},
    "wsgi": {"conf"},
    "__main__": {"cli"},
}
MAX_LINES = 420


def _modules() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts]


def _package(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            if node.module == "kegong":
                out.update(f"kegong.{a.name}" for a in node.names)
    return out


def _graph() -> dict[str, set[str]]:
    g: dict[str, set[str]] = {}
    for p in _modules():
        pkg = _package(p)
        if pkg == "__init__":
            continue
        for mod in _imports(p):
            parts = mod.split(".")
            if parts[0] == "kegong" and len(parts) > 1 and parts[1] != pkg:
                g.setdefault(pkg, set()).add(parts[1])
    return g


def test_every_package_imports_only_what_its_layer_allows():
    bad = [f"{pkg} → {dep}" for pkg, deps in _graph().items() for dep in sorted(deps)
           if dep not in ALLOWED.get(pkg, set())]
    assert not bad, "imports against the layering: " + ", ".join(bad)


def test_no_cycle_between_packages():
    g = _graph()
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        seen[n] = 1
        stack.append(n)
        for m in sorted(g.get(n, ())):
            if seen.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in seen and (cycle := visit(m)):
                return cycle
        seen[n] = 2
        stack.pop()
        return None

    for n in sorted(g):
        if n not in seen and (cycle := visit(n)):
            pytest.fail("cycle between packages: " + " → ".join(cycle))


@pytest.mark.parametrize("pkg", PURE)
def test_the_core_and_the_readers_never_import_django(pkg):
    bad = [f"{p.relative_to(ROOT)}: {m}" for p in (ROOT / pkg).rglob("*.py")
           for m in _imports(p) if m.split(".")[0] == "django"]
    assert not bad, "Django imported in a pure package: " + ", ".join(bad)


def test_no_module_is_past_the_size_limit():
    big = {str(p.relative_to(ROOT)): n for p in _modules()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_the_checker_sees_a_planted_cycle(tmp_path, monkeypatch):
    """The graph test can fail: a package importing one that imports it back is reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.py").write_text("from kegong.b import y\n")
    (tmp_path / "b" / "y.py").write_text("import kegong.a.x\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _graph() == {"a": {"b"}, "b": {"a"}}
    with pytest.raises(pytest.fail.Exception, match="cycle"):
        test_no_cycle_between_packages()
