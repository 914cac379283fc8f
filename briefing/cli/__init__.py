"""The command line: subcommands over the core. Never imports the UI.

Every `BriefingError` becomes one line on stderr and exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from briefing import __version__
from briefing.domain import BriefingError

# Modules that register subcommands; each exposes register(subparsers, common).
_COMMAND_MODULES = (
    "briefing.cli.records",
    "briefing.cli.annotations",
    "briefing.cli.export",
    "briefing.cli.maintenance",
    "briefing.cli.preferences",
    "briefing.cli.delete",
    "briefing.cli.sharing",
)


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="the database file (default: briefing.sqlite3 in the user's data folder, "
        "or in $BRIEFING_HOME)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Briefing: meeting records, annotations and briefing packs, offline. "
        "With no subcommand, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"Briefing {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = common_options()
    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(subparsers, common)
    return parser


def wants_app(argv: list[str]) -> bool:
    """True when no subcommand is given (options such as --db may be)."""
    return not any(not arg.startswith("-") for arg in _strip_option_values(argv)) and not any(
        arg in ("-h", "--help", "--version") for arg in argv
    )


def _strip_option_values(argv: list[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("--db",):
            skip = True
            continue
        out.append(arg)
    return out


def _clean_litter(db: Path | None) -> None:
    """Temporary files a run killed between writing and renaming left beside the database."""
    from briefing import paths
    from briefing.storage.backup import clean_litter

    clean_litter(db if db is not None else paths.default_db_path())


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    if hasattr(args, "db"):
        _clean_litter(args.db)
    try:
        return handler(args) or 0
    except BriefingError as exc:
        from briefing.cli.output import terminal_text

        print(f"briefing: {terminal_text(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`briefing show --json | head`): nothing more to say, and the
        # interpreter must not fail again flushing stdout on exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a process ended by SIGPIPE
