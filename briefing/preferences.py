"""The delegate's preferences, shared by the app and the command line: name, delegation and the
delegation's shared folder (docs/sharing.md).

One small JSON file in the data folder (`paths.home()/preferences.json`), written atomically.
Not QSettings: the command line has no Qt, and both must sign annotations with the same name
and fill a briefing note's delegation alike. A missing or unreadable file is the empty
preferences (the app then asks on its first run); nothing here ever raises on reading.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, fields, replace
from pathlib import Path

from briefing import paths
from briefing.atomic import write_atomically
from briefing.datatypes import dataclass

log = logging.getLogger(__name__)

PREFERENCES_FILE = "preferences.json"
# Longer than any delegate's name or delegation; a hand-edited file cannot fill the UI with text.
MAX_LENGTH = 200
# A folder is a path, not a name: its spaces are kept as written and it may be long.
MAX_PATH_LENGTH = 4096
PATH_FIELDS = frozenset({"shared_folder"})
FLAG_FIELDS = frozenset({"sharing"})
ID_FIELDS = frozenset({"install_id"})
_INSTALL_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Preferences:
    name: str = ""  # who signs annotations ("Ana Pérez")
    delegation: str = ""  # whom they represent, on a briefing note's cover ("Delegation of Peru")
    # The folder the delegation shares (Syncthing, a network drive...): each delegate's outbox
    # and the records travel there. Kept when sharing is switched off, so on again needs no path.
    shared_folder: str = ""
    sharing: bool = False
    # This installation's own id (a random UUID, made once): with the name it keys the outbox
    # file, so two delegates of one name, or one delegate on two laptops, never share a file.
    install_id: str = ""

    @property
    def sharing_folder(self) -> Path | None:
        """The shared folder when sharing is on, else None."""
        if self.sharing and self.shared_folder:
            return Path(self.shared_folder).expanduser()
        return None

    @property
    def complete(self) -> bool:
        """Whether the first run's questions have been answered (a name at least)."""
        return bool(self.name.strip())

    def with_changes(self, **changes: object) -> Preferences:
        return replace(self, **{k: _clean_field(k, v) for k, v in changes.items()})


def preferences_path() -> Path:
    return paths.home() / PREFERENCES_FILE


def _clean(value: object) -> str:
    text = " ".join(str(value).split()) if isinstance(value, str) else ""
    return text[:MAX_LENGTH]


def _clean_field(name: str, value: object) -> str | bool:
    if name in FLAG_FIELDS:
        return value is True
    if name in ID_FIELDS:
        text = value.strip().lower() if isinstance(value, str) else ""
        return text if _INSTALL_ID.match(text) else ""
    if name in PATH_FIELDS:
        path = value.strip() if isinstance(value, str) else ""
        return path if len(path) <= MAX_PATH_LENGTH and "\0" not in path else ""
    return _clean(value)


def load(path: Path | None = None) -> Preferences:
    """The saved preferences, or the empty ones when there are none or they cannot be read."""
    path = path or preferences_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError) as exc:
        log.warning("preferences %s unreadable, using none: %s", path, exc)
        return Preferences()
    if not isinstance(raw, dict):
        return Preferences()
    known = {f.name for f in fields(Preferences)}
    return Preferences(**{k: _clean_field(k, v) for k, v in raw.items() if k in known})


def save(preferences: Preferences, path: Path | None = None) -> Path:
    """Write the preferences atomically (a crash leaves the old file or the new, never half)."""
    path = path or preferences_path()
    if not preferences.install_id:
        # A dialog holding preferences read before the id was made keeps it: a new id would
        # name a new outbox, and the old one would read as a colleague's.
        preferences = replace(preferences, install_id=load(path).install_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(preferences), ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, data.encode("utf-8"))
    return path


def new_install_id() -> str:
    import uuid  # when an id is made, not at every start (uuid imports platform: 6 ms)

    return uuid.uuid4().hex


def ensure_install_id(path: Path | None = None) -> str:
    """This installation's id, made and saved on first use (a random 128-bit hex string)."""
    current = load(path)
    if current.install_id:
        return current.install_id
    made = new_install_id()
    save(current.with_changes(install_id=made), path)
    return made
