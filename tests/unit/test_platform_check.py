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


def _real_ldd_lines() -> list[str]:
    """`ldd` on this machine's own xcb plugin (skipped where there is no plugin or no ldd)."""
    import shutil
    import subprocess

    import pytest

    qt = platform_check._qt_dir()
    plugin = qt / "plugins" / "platforms" / "libqxcb.so" if qt else None
    if plugin is None or not plugin.is_file() or shutil.which("ldd") is None:
        pytest.skip("no xcb plugin or no ldd here")
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def _fake_ldd(tmp_path, monkeypatch, lines: list[str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    listing = tmp_path / "ldd-output.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fake = tmp_path / "bin" / "ldd"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\ncat '{listing}'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    qt = tmp_path / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"")
    return qt


def test_a_real_ldd_listing_with_each_xcb_library_hidden_names_its_package(tmp_path, monkeypatch):
    """The plugin's real dependency list, one xcb library at a time made "not found": the one
    line names that library and a Debian package for it, never the bare soname."""
    lines = _real_ldd_lines()
    xcb = [line.split("=>")[0].strip() for line in lines if "xcb" in line and "=>" in line]
    xcb = [name for name in xcb if not name.startswith("libQt6")]
    assert "libxcb-cursor.so.0" in xcb  # what Qt >= 6.5 needs and names wrongly when absent
    for hidden in xcb:
        monkeypatch.undo()
        shown = [
            f"\t{hidden} => not found" if line.split("=>")[0].strip() == hidden else line
            for line in lines
        ]
        qt = _fake_ldd(tmp_path / hidden, monkeypatch, shown)
        assert platform_check.missing_libraries(qt) == [hidden]
        [package] = platform_check.packages_for([hidden])
        assert package != hidden, f"no package known for {hidden}"
        line = platform_check.advice([hidden])
        assert "\n" not in line and line.endswith(f"apt-get install {package}")


def test_the_packages_named_are_the_ones_that_hold_the_libraries(tmp_path):
    """On a Debian or Ubuntu machine, dpkg says which package holds each xcb library the plugin
    loads: resources/xcb-libraries.json must name the same one."""
    import shutil
    import subprocess

    import pytest

    if shutil.which("dpkg-query") is None:
        pytest.skip("not a Debian or Ubuntu machine")
    checked = 0
    for line in _real_ldd_lines():
        name, _, where = line.strip().partition("=>")
        path = where.strip().split(" (")[0]
        if "xcb" not in name or name.startswith("libQt6") or not path.startswith("/"):
            continue
        real = Path(path).resolve()
        owner = subprocess.run(["dpkg-query", "-S", str(real)], capture_output=True, text=True)
        if owner.returncode != 0:  # /lib vs /usr/lib: ask for the other spelling
            other = str(real).replace("/usr/lib/", "/lib/", 1)
            owner = subprocess.run(["dpkg-query", "-S", other], capture_output=True, text=True)
        if owner.returncode != 0:
            continue
        package = owner.stdout.split(":", 1)[0].strip()
        assert platform_check.packages_for([name.strip()]) == [package], name
        checked += 1
    assert checked >= 5


def _fake_qt_and_ldd(tmp_path, monkeypatch, lib_dir: Path, missing: str = "") -> Path:
    """A Qt folder with an xcb plugin, and an `ldd` on PATH that counts its runs and says the
    plugin's libraries are in `lib_dir` (or that `missing` is not found)."""
    qt = tmp_path / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    plugin.parent.mkdir(parents=True)
    plugin.write_bytes(b"plugin")
    runs = tmp_path / "ldd-runs"
    fake = tmp_path / "bin" / "ldd"
    fake.parent.mkdir()
    found = f"echo '\tlibxcb.so.1 => {lib_dir}/libxcb.so.1 (0x1)'\n"
    lost = f"echo '\t{missing} => not found'\n" if missing else ""
    fake.write_text(f"#!/bin/sh\necho run >> {runs}\n{found}{lost}")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(platform_check, "_qt_dir", lambda: qt)
    monkeypatch.setattr(platform_check, "wants_xcb", lambda environ=None: True)
    return runs


def _runs(runs: Path) -> int:
    return len(runs.read_text().split()) if runs.exists() else 0


def test_a_passed_check_is_trusted_until_a_library_folder_or_qt_changes(tmp_path, monkeypatch):
    libs = tmp_path / "libs"
    libs.mkdir()
    runs = _fake_qt_and_ldd(tmp_path, monkeypatch, libs)
    assert platform_check.check() is None
    assert _runs(runs) == 1
    assert platform_check.check() is None  # the stamp says nothing changed: no ldd
    assert _runs(runs) == 1
    (libs / "libxcb-cursor.so.0").write_bytes(b"")  # a package installed or removed there
    os.utime(libs, ns=(libs.stat().st_atime_ns, libs.stat().st_mtime_ns + 10**9))
    assert platform_check.check() is None
    assert _runs(runs) == 2
    plugin = tmp_path / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.write_bytes(b"plugin, upgraded")
    assert platform_check.check() is None
    assert _runs(runs) == 3
    assert platform_check.check() is None
    assert _runs(runs) == 3


def test_a_check_that_finds_a_library_missing_is_made_again(tmp_path, monkeypatch):
    runs = _fake_qt_and_ldd(tmp_path, monkeypatch, tmp_path, missing="libxcb-cursor.so.0")
    for expected_runs in (1, 2):
        line = platform_check.check()
        assert line is not None and "libxcb-cursor0" in line
        assert _runs(runs) == expected_runs
    assert not platform_check._stamp_path().exists()


def test_a_damaged_stamp_means_a_new_check(tmp_path, monkeypatch):
    runs = _fake_qt_and_ldd(tmp_path, monkeypatch, tmp_path)
    platform_check._stamp_path().parent.mkdir(parents=True, exist_ok=True)
    for junk in ("not json", "[]", '{"files": 1}'):
        platform_check._stamp_path().write_text(junk)
        assert platform_check.check() is None
    assert _runs(runs) == 3
