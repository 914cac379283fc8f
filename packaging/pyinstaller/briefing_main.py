"""Entry point of the frozen app: the same dispatch as `python -m briefing`."""

import sys

from briefing.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
