"""`briefing preferences`: the delegate's name and delegation, as the app's Preferences keep them.

The same file the app writes (briefing.preferences): a name set here signs the annotations made
in the app, and the delegation fills a briefing note's cover from either.
"""

from __future__ import annotations

import argparse

from briefing import preferences


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "preferences",
        parents=[common],
        help="show or set your name (which signs annotations) and your delegation",
    )
    p.add_argument("--name", default=None, help="your name, as annotations are signed")
    p.add_argument("--delegation", default=None, help='your delegation, e.g. "Delegation of Peru"')
    p.set_defaults(handler=_preferences)


def _preferences(args: argparse.Namespace) -> int:
    current = preferences.load()
    changes = {
        k: v for k, v in (("name", args.name), ("delegation", args.delegation)) if v is not None
    }
    if changes:
        current = current.with_changes(**changes)
        preferences.save(current)
    print(f"name: {current.name or '(not set: annotations are signed with the system user name)'}")
    print(f"delegation: {current.delegation or '(not set)'}")
    print(f"file: {preferences.preferences_path()}")
    return 0
