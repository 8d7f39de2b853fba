"""The domain is the warehouse's language only: no Qt, no devices, no network clients."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Packages the domain must not load, directly or through a dependency.
FORBIDDEN = ("PySide6", "shiboken6", "serial", "escpos", "usb", "requests", "httpx", "urllib3",
             "aiohttp", "gui", "devices", "integration")
# The standard library's network modules may be loaded indirectly (logging, uuid do), but the
# domain's own code must not import them.
FORBIDDEN_DIRECT = FORBIDDEN + ("http", "socket", "smtplib", "ftplib")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_domain_module_imports_qt_devices_or_network_libraries():
    offenders = {}
    for path in sorted((ROOT / "domain").rglob("*.py")):
        bad = _imported_modules(path) & set(FORBIDDEN_DIRECT)
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_importing_the_whole_domain_loads_no_forbidden_package():
    """Catches indirect imports too (a dependency that pulls in Qt or a network client)."""
    code = (
        "import importlib, pkgutil, sys, domain\n"
        "for m in pkgutil.walk_packages(domain.__path__, 'domain.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_devices_and_integration_never_import_the_gui():
    for package in ("devices", "integration"):
        for path in (ROOT / package).rglob("*.py"):
            assert "gui" not in _imported_modules(path), path
