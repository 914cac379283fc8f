"""Before Qt starts on Linux: which system libraries its xcb plugin lacks, in one line.

On a minimal Debian or Ubuntu, pip brings Qt but not the X11 libraries its xcb platform plugin
loads; Qt then aborts naming a library that may not be the one missing. `ldd` on the plugin
and on Qt's xcb library lists what is "not found"; resources/xcb-libraries.json names the
package for each. No Qt is imported here, so this runs before the QApplication exists.

Running `ldd` twice costs 45-80 ms, at every start under X11. So a check that found nothing
missing leaves a stamp in the cache folder: the two files' sizes and times, and the times of
the folders `ldd` found their libraries in. While all of these are unchanged the next start
trusts it; a library installed or removed changes its folder's time, Qt's files change with an
upgrade, and either sends the next start to `ldd` again. A check that finds something missing
leaves no stamp, so it is made again until the libraries are there.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any

from briefing import __version__, atomic, paths

STAMP_FILE = "platform-check.json"


def _qt_dir() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent / "Qt"


def wants_xcb(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt will load its xcb plugin: Linux, an X display, no other platform chosen."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return False
    return bool(env.get("DISPLAY")) and not (env.get("WAYLAND_DISPLAY") and not platform)


def _targets(qt_dir: Path) -> list[Path]:
    return [
        path
        for path in (
            qt_dir / "plugins" / "platforms" / "libqxcb.so",
            *sorted(qt_dir.glob("lib/libQt6XcbQpa.so*")),
        )
        if path.is_file()
    ]


def _ldd(qt_dir: Path | None) -> tuple[list[str], set[str]] | None:
    """The sonames `ldd` reports "not found" for Qt's xcb plugin, and the folders of those it
    found; None when it cannot tell (no Qt, no ldd, ldd failed)."""
    import shutil
    import subprocess

    ldd = shutil.which("ldd")
    if qt_dir is None or ldd is None:
        return None
    missing: list[str] = []
    folders: set[str] = set()
    for target in _targets(qt_dir):
        try:
            out = subprocess.run(
                [ldd, str(target)], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        for line in out.splitlines():
            name, _, where = line.strip().partition("=>")
            if "not found" in where:
                if name.strip() not in missing:
                    missing.append(name.strip())
            elif where.strip().startswith("/"):
                folders.add(os.path.dirname(where.strip().split(" ", 1)[0]))
    return missing, folders


def missing_libraries(qt_dir: Path | None = None) -> list[str]:
    """The sonames `ldd` reports "not found" for Qt's xcb plugin (empty when it cannot tell)."""
    found = _ldd(qt_dir or _qt_dir())
    return found[0] if found else []


def _fingerprint(qt_dir: Path, folders: list[str]) -> dict[str, Any]:
    """What a passed check depended on: Qt's two files, and the library folders' times."""

    def stamp(path: str) -> list[int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    return {
        "briefing": __version__,
        "files": {str(p): stamp(str(p)) for p in _targets(qt_dir)},
        "folders": {folder: stamp(folder) for folder in sorted(folders)},
    }


def _stamp_path() -> Path:
    return paths.cache_dir() / STAMP_FILE


def _passed_before(qt_dir: Path) -> bool:
    try:
        kept = json.loads(_stamp_path().read_text("utf-8"))
        return bool(kept) and kept == _fingerprint(qt_dir, list(kept["folders"]))
    except (OSError, ValueError, KeyError, TypeError):  # none yet, damaged, or not ours
        return False


def _remember_passed(qt_dir: Path, folders: set[str]) -> None:
    data = json.dumps(_fingerprint(qt_dir, sorted(folders)), indent=1).encode("utf-8")
    with contextlib.suppress(OSError):  # a read-only cache: the next start checks again
        _stamp_path().parent.mkdir(parents=True, exist_ok=True)
        atomic.write_atomically(_stamp_path(), data)


def packages_for(sonames: list[str]) -> list[str]:
    """The Debian/Ubuntu packages that bring these libraries (a soname itself when unknown)."""
    table = json.loads((paths.resources_dir() / "xcb-libraries.json").read_text("utf-8"))
    known: dict[str, str] = table["packages"]
    out: list[str] = []
    for soname in sonames:
        # The longest prefix: libxcb-render-util.so before libxcb-render.so before libxcb.so.
        match = max((p for p in known if soname.startswith(p)), key=len, default=None)
        package = known[match] if match else soname
        if package not in out:
            out.append(package)
    return out


def advice(sonames: list[str]) -> str:
    """The one line to print: what is missing and the command that installs it."""
    packages = " ".join(packages_for(sonames))
    return (
        f"briefing: Qt cannot open a window: the system lacks {', '.join(sonames)}. "
        f"On Debian or Ubuntu: sudo apt-get install {packages}"
    )


def check() -> str | None:
    """The advice line when Qt's xcb plugin would fail to load, else None."""
    if not wants_xcb():
        return None
    qt_dir = _qt_dir()
    if qt_dir is None or _passed_before(qt_dir):
        return None
    found = _ldd(qt_dir)
    if found is None:
        return None
    missing, folders = found
    if missing:
        return advice(missing)
    _remember_passed(qt_dir, folders)
    return None
