"""`briefing share` and `briefing sync`: the delegation's shared folder, from a script or a test.

`share DIR` sets the folder and turns sharing on, `share --off` stops it (the folder is kept for
next time), `share` alone says where things stand; `sync` runs one pass (briefing.sharing): my
outbox written, each colleague's file merged, one line per author.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing import preferences
from briefing.cli.output import terminal_text


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    share = subparsers.add_parser(
        "share",
        parents=[common],
        help="set the folder your delegation shares (or --off); alone, show it",
        description="Share your annotations, objectives and their records with your delegation "
        "through a folder that a sync engine (Syncthing, a network drive, a cloud folder) keeps "
        "the same on every laptop. See docs/sharing.md.",
    )
    share.add_argument("folder", nargs="?", type=Path, metavar="DIR", help="the shared folder")
    share.add_argument("--off", action="store_true", help="stop sharing (the folder is kept)")
    share.set_defaults(handler=_share)

    sync = subparsers.add_parser(
        "sync",
        parents=[common],
        help="one pass over the shared folder: write my outbox, merge my colleagues' files",
    )
    sync.set_defaults(handler=_sync)


def _share(args: argparse.Namespace) -> int:
    from briefing.sharing import check_folder

    current = preferences.load()
    if args.off and args.folder is not None:
        raise SystemExit("briefing share: give a folder or --off, not both")
    if args.off:
        current = current.with_changes(sharing=False)
        preferences.save(current)
    elif args.folder is not None:
        folder = check_folder(args.folder).resolve()
        current = current.with_changes(shared_folder=str(folder), sharing=True)
        preferences.save(current)
    state = "on" if current.sharing_folder else "off"
    folder_text = current.shared_folder or "(none set)"
    print(terminal_text(f"sharing: {state}"))
    print(terminal_text(f"shared folder: {folder_text}"))
    if current.sharing_folder:
        from briefing.sharing import outbox_path
        from briefing.storage.annotations import default_author

        mine = outbox_path(
            current.sharing_folder, default_author(), preferences.ensure_install_id()
        )
        print(terminal_text(f"my outbox: {mine}"))
    return 0


def _sync(args: argparse.Namespace) -> int:
    from briefing.cli.library import open_library
    from briefing.sharing import SharingError, check_folder, sync

    folder = preferences.load().sharing_folder
    if folder is None:
        raise SharingError("sharing is off: `briefing share DIR` turns it on")
    check_folder(folder)
    library = open_library(args)
    try:
        result = sync(library, folder)
    finally:
        library.close()
    for line in result.lines():
        print(terminal_text(line))
    return 0
