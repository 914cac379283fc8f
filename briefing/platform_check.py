"""Before Qt starts on Linux: which system libraries its xcb plugin lacks, in one line.

On a minimal Debian or Ubuntu, pip brings Qt but not the X11 libraries its xcb platform plugin
loads; Qt then aborts naming a library that may not be the one missing. `ldd` on the plugin
and on Qt's xcb library lists what is "not found"; resources/xcb-libraries.json names the
package for each. No Qt is imported here, so this runs before the QApplication exists.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from briefing import paths


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


def missing_libraries(qt_dir: Path | None = None) -> list[str]:
    """The sonames `ldd` reports "not found" for Qt's xcb plugin (empty when it cannot tell)."""
    qt_dir = qt_dir or _qt_dir()
    ldd = shutil.which("ldd")
    if qt_dir is None or ldd is None:
        return []
    targets = [
        qt_dir / "plugins" / "platforms" / "libqxcb.so",
        *qt_dir.glob("lib/libQt6XcbQpa.so*"),
    ]
    missing: list[str] = []
    for target in targets:
        if not target.is_file():
            continue
        try:
            out = subprocess.run(
                [ldd, str(target)], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        for line in out.splitlines():
            name, _, where = line.strip().partition("=>")
            if "not found" in where and name.strip() not in missing:
                missing.append(name.strip())
    return missing


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
    missing = missing_libraries()
    return advice(missing) if missing else None
