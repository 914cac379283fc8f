"""The core never loads Qt: imports point one way (ui -> core -> domain)."""

import subprocess
import sys

CORE = [
    "briefing.domain",
    "briefing.importer",
    "briefing.storage",
    "briefing.export",
    "briefing.cli",
    "briefing.sharing",
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


# --- the arrows -----------------------------------------------------------------------------
# Every module's imports of ours, read from its source (function-level imports too), must point
# the one way: ui/app -> cli -> startup -> export, storage, importer -> domain. `briefing`
# itself, `paths`, `vocab`, `logs`, `atomic`, `files`, `collector`, `datatypes` and `digest` are
# leaves anyone may use (names, folders, vocabularies, the log, atomic writes, bounded reads of a
# user's file, the cycle collector's start-up thresholds, the dataclass decorator, SHA-256).

import ast  # noqa: E402
from pathlib import Path  # noqa: E402

PACKAGE = Path(__file__).resolve().parents[2] / "briefing"
LEAVES = {
    "briefing",
    "briefing.paths",
    "briefing.vocab",
    "briefing.logs",
    "briefing.atomic",
    "briefing.preferences",
    "briefing.platform_check",
    "briefing.files",
    "briefing.collector",
    "briefing.datatypes",
    "briefing.digest",
}
ALLOWED = {
    "domain": {"domain"},
    "importer": {"importer", "domain"},
    "storage": {"storage", "domain"},
    "export": {"export", "domain"},
    "startup": {"startup", "importer", "storage", "export", "domain"},
    # sharing wires the store, the importer (records that travel) and the exchange format.
    "sharing": {"sharing", "importer", "storage", "export", "domain"},
    "cli": {"cli", "sharing", "startup", "importer", "storage", "export", "domain"},
    "__main__": {"cli", "app"},
    "ui": {"ui", "app", "sharing", "startup", "importer", "storage", "export", "domain"},
    "app": {"ui", "app", "sharing", "startup", "storage", "domain"},
}


def _layer(module: str) -> str | None:
    if module in LEAVES:
        return None
    return module.split(".")[1]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from briefing import importer` names a module too.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "briefing" or name.startswith("briefing.")}


def _violations() -> list[str]:
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _module_name(path)
        layer = _layer(here)
        if layer is None:
            continue
        targets = set()
        for name in _imports(path):
            if name not in modules and name.rsplit(".", 1)[0] in modules:
                name = name.rsplit(".", 1)[0]  # `from briefing.x import name`
            if name in modules:
                targets.add(name)
        for target in sorted(targets):
            there = _layer(target)
            if there is not None and there not in ALLOWED[layer]:
                out.append(f"{here} imports {target} ({layer} -> {there})")
    return out


def test_imports_point_one_way():
    assert _violations() == []


def test_the_arrow_check_sees_a_wrong_arrow(tmp_path, monkeypatch):
    # The check must be able to fail: a storage module importing the importer is caught.
    fake = tmp_path / "briefing"
    (fake / "storage").mkdir(parents=True)
    (fake / "importer").mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "storage" / "__init__.py").write_text("")
    (fake / "importer" / "__init__.py").write_text("")
    (fake / "storage" / "bad.py").write_text("def f():\n    from briefing.importer import x\n")
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    assert _violations() == ["briefing.storage.bad imports briefing.importer (storage -> importer)"]
