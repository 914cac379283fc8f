"""Desktop integration files: valid, naming the one application id, carrying the one version."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import briefing
from briefing import APP_ID, __version__

REPO = Path(__file__).resolve().parents[2]
LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICON = REPO / "resources" / "icons" / f"{APP_ID}.svg"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _validator(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(
            f"{name} is not installed (apt-get install desktop-file-utils appstream); "
            "the file was not validated"
        )
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _newest_release() -> ET.Element:
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "the metainfo lists no release"
    return releases[0]


def test_application_id_is_reverse_dns():
    assert re.fullmatch(r"[a-z]+(\.[A-Za-z][A-Za-z0-9_]*){2,}", APP_ID)


def test_desktop_file_passes_desktop_file_validate():
    validator = _validator("desktop-file-validate")
    result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate():
    validator = _validator("appstreamcli")
    result = subprocess.run(
        [validator, "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Errors and warnings fail; infos (such as tags newer than the installed appstream) may pass.
    assert not re.search(r"^[EW]: ", result.stdout, re.MULTILINE), result.stdout


def test_desktop_file_names_the_app_id_icon_and_an_installed_command():
    entry = _desktop_entry()
    assert DESKTOP.name == f"{APP_ID}.desktop"
    assert entry["Type"] == "Application"
    assert entry["Name"] == briefing.APP_NAME
    assert entry["Icon"] == APP_ID
    command = entry["Exec"].split()[0]
    assert command in PYPROJECT["project"]["scripts"], f"{command} is not an installed command"


def test_metainfo_names_the_app_id_and_launches_the_desktop_file():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == briefing.APP_NAME
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.find("content_rating") is not None
    assert root.findtext("project_license") == PYPROJECT["project"]["license"]


def test_metainfo_newest_release_is_the_package_version():
    assert _newest_release().get("version") == __version__


def test_metainfo_releases_are_newest_first():
    dates = [r.get("date") for r in ET.parse(METAINFO).getroot().findall("releases/release")]
    assert all(dates) and dates == sorted(dates, reverse=True)


def test_version_is_written_once_and_read_by_the_build():
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "briefing/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+([ab]|rc)?\d*", __version__)
    assignments = [
        path.relative_to(REPO).as_posix()
        for path in (REPO / "briefing").rglob("*.py")
        if re.search(r"^__version__\s*=", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert assignments == ["briefing/__init__.py"]


def test_cli_reports_the_version():
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.strip() == f"Briefing {__version__}"


def test_icon_is_a_square_svg_in_resources():
    root = ET.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert (x, y) == (0, 0) and width == height
    # Nothing external: the icon must draw with no file or network beside it.
    assert "href" not in ICON.read_text(encoding="utf-8")


def test_wheel_ships_resources_and_schema_inside_the_package():
    force = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force["resources"] == "briefing/resources"
    assert force["database/schema.sql"] == "briefing/database/schema.sql"


def test_pyinstaller_spec_ships_resources_schema_and_fonts():
    spec = (REPO / "packaging" / "pyinstaller" / "briefing.spec").read_text(encoding="utf-8")
    assert '"briefing/resources"' in spec and '"briefing/database"' in spec
    assert 'collect_data_files("fontpkg_noto_serif")' in spec
    assert 'collect_data_files("fontpkg_noto_sans")' in spec
    assert 'collect_submodules("briefing")' in spec


@pytest.mark.e2e
def test_icons_render_at_every_hicolor_size(tmp_path: Path):
    """packaging/render_icons.py draws the SVG with Qt into non-empty PNGs of the right size."""
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "render_icons.py"), str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    from PIL import Image

    sizes = (16, 24, 32, 48, 64, 128, 256, 512)
    for size in sizes:
        png = tmp_path / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        with Image.open(png) as image:
            assert image.size == (size, size)
            alpha = image.convert("RGBA").getchannel("A")
            lo, hi = alpha.getextrema()
            # Drawn (opaque pixels) yet not a filled square (transparent corners).
            assert hi == 255 and lo == 0, f"{png.name} at {size}px is blank or has no transparency"
    assert (tmp_path / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes() == ICON.read_bytes()


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.mark.e2e
def test_exported_pdf_carries_the_version(tmp_path: Path):
    if _cli("export", "--help").returncode != 0:
        pytest.skip("`briefing export` is not available yet: the PDF metadata was not checked")
    out = tmp_path / "note.pdf"
    result = _cli("export", "--out", str(out))
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    meta = PdfReader(out).metadata
    assert meta is not None
    assert meta.get("/Creator") == f"{briefing.APP_NAME} {__version__}"
    assert __version__ in str(meta.get("/Producer"))
