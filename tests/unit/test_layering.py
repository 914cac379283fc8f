"""The core never loads Qt: imports point one way (ui -> core -> domain)."""

import subprocess
import sys

CORE = [
    "briefing.domain",
    "briefing.importer",
    "briefing.storage",
    "briefing.export",
    "briefing.cli",
]


def test_core_packages_do_not_load_qt():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "import briefing.cli; briefing.cli.build_parser()\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"core loaded Qt modules: {result.stdout}"
