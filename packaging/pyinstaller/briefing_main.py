"""Entry point of the frozen app: the same dispatch as `python -m briefing`."""

import multiprocessing
import sys

from briefing.__main__ import main

if __name__ == "__main__":
    # Re-deriving a large library derives sources in worker processes (briefing.startup): a
    # frozen app must let a worker started from it run as one, not as a second app.
    multiprocessing.freeze_support()
    sys.exit(main())
