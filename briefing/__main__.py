"""`python -m briefing` and the `briefing` command: a subcommand runs the CLI; none opens the
app."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from briefing.cli import wants_app

    if wants_app(args):
        from briefing.app import main as app_main

        return app_main(args)
    from briefing.cli import main as cli_main
    from briefing.logs import install_crash_handler

    # An unexpected error: its traceback goes to the log, the user reads one line naming it.
    install_crash_handler()
    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
