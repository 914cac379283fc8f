"""Before Qt starts: the xcb libraries a minimal Linux lacks, named as packages in one line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefing import platform_check


def test_packages_for_missing_sonames():
    assert platform_check.packages_for(
        ["libxcb-cursor.so.0", "libxcb-render-util.so.0", "libxcb-render.so.0", "libfoo.so.1"]
    ) == ["libxcb-cursor0", "libxcb-render-util0", "libxcb-render0", "libfoo.so.1"]
    line = platform_check.advice(["libxcb-cursor.so.0", "libxcb-icccm.so.4"])
    assert "\n" not in line
    assert line.endswith("sudo apt-get install libxcb-cursor0 libxcb-icccm4")


def test_ldd_not_found_lines_are_read(tmp_path, monkeypatch):
    qt = tmp_path / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"")
    fake = tmp_path / "ldd"
    fake.write_text(
        "#!/bin/sh\necho '\tlibxcb-cursor.so.0 => not found'\n"
        "echo '\tlibc.so.6 => /lib/libc.so.6 (0x1)'\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert platform_check.missing_libraries(qt) == ["libxcb-cursor.so.0"]


def test_this_machine_has_what_qt_needs_or_says_what_it_lacks():
    missing = platform_check.missing_libraries()
    assert all(name.startswith("lib") for name in missing)


def test_only_when_qt_will_load_xcb():
    linux = platform_check.sys.platform.startswith("linux")
    assert platform_check.wants_xcb({"DISPLAY": ":0"}) is linux
    assert not platform_check.wants_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"})
    assert not platform_check.wants_xcb({})
    assert Path(platform_check.paths.resources_dir(), "xcb-libraries.json").is_file()
