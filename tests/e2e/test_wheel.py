"""The wheel, installed into a fresh virtual environment outside the source tree, works.

How the environment is made, and why: a fresh `python -m venv` (no --system-site-packages, so
nothing of the source tree or the project's .venv is importable) gets the built wheel with
`pip install --no-deps --no-index`. Installing PySide6, reportlab, ... again would take minutes
and need a registry, so the third-party packages come from the running interpreter's
site-packages through one .pth file that lists those folders. A .pth line only adds a folder to
sys.path; the .pth files inside it (among them the editable hook pointing at this source tree)
are not run, so `briefing` can only come from the wheel — the test asserts that it does.
"""

from __future__ import annotations

import email.parser
import importlib.util
import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefing import APP_ID, APP_NAME, __version__

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip(
            "hatchling is not installed (pip install -e '.[test]'): the wheel was not built"
        )
    out = tmp_path_factory.mktemp("wheelhouse")
    # No build isolation and no index: the build uses the hatchling already installed, offline.
    result = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(out),
            str(REPO),
        ],
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    wheels = list(out.glob("briefing-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv") / "env"
    assert REPO not in root.parents
    result = _run([sys.executable, "-m", "venv", str(root)])
    assert result.returncode == 0, result.stderr
    python = root / "bin" / "python"
    result = _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib.stdout.strip()) / "_briefing_test_deps.pth").write_text(
        "".join(f"{p}\n" for p in deps), encoding="utf-8"
    )
    return root


@pytest.fixture
def run_installed(venv: Path, tmp_path: Path):
    """Run a command of the installed wheel from a folder outside the source tree."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(tmp_path / "home"),
        "BRIEFING_HOME": str(tmp_path / "briefing-home"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    # Cut bold fonts once for the whole run rather than once per test home.
    if "BRIEFING_FONT_CACHE" in os.environ:
        env["BRIEFING_FONT_CACHE"] = os.environ["BRIEFING_FONT_CACHE"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return _run([str(venv / "bin" / args[0]), *args[1:]], cwd=cwd, env=env)

    return run


def test_wheel_metadata_carries_the_version_and_ships_the_resources(wheel: Path):
    assert wheel.name.startswith(f"briefing-{__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"briefing-{__version__}.dist-info/METADATA").decode()
        entry_points = archive.read(f"briefing-{__version__}.dist-info/entry_points.txt").decode()
    assert email.parser.Parser().parsestr(metadata)["Version"] == __version__
    for shipped in (
        "briefing/resources/lima-2013-rcp-chairs-summary.txt",
        f"briefing/resources/icons/{APP_ID}.svg",
        "briefing/database/schema.sql",
        "briefing/logs.py",
    ):
        assert shipped in names, f"{shipped} is not in the wheel"
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)
    assert "briefing = briefing.__main__:main" in entry_points


def test_installed_package_comes_from_the_wheel(run_installed, venv: Path):
    code = (
        "import briefing, briefing.paths, importlib.metadata as m;"
        "print(briefing.__file__); print(briefing.paths.default_record_path());"
        "print(briefing.paths.schema_snapshot_path()); print(m.version('briefing'))"
    )
    result = run_installed("python", "-c", code)
    assert result.returncode == 0, result.stderr
    module, record, schema, version = result.stdout.split("\n")[:4]
    for path in (module, record, schema):
        assert Path(path).is_relative_to(venv), f"{path} is not from the installed wheel"
        assert Path(path).is_file()
    assert version == __version__


def test_installed_command_reports_the_version(run_installed):
    result = run_installed("briefing", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"


def test_installed_show_json_gives_the_lima_record(run_installed):
    result = run_installed("briefing", "show", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert "Lima" in text
    assert "Regional Consultative Processes on Migration" in text


def test_installed_export_writes_a_pdf_with_the_version(run_installed, tmp_path: Path):
    if run_installed("briefing", "export", "--help").returncode != 0:
        pytest.skip("`briefing export` is not available yet: the PDF half was not run")
    out = tmp_path / "x.pdf"
    result = run_installed("briefing", "export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    reader = PdfReader(out)
    assert len(reader.pages) >= 1
    assert "Lima" in "".join(page.extract_text() or "" for page in reader.pages)
    meta = reader.metadata
    assert meta is not None and meta.get("/Creator") == f"{APP_NAME} {__version__}"
