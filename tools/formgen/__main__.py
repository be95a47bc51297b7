"""Lets ``python -m tools.formgen`` run the command line (``tools.formgen.cli``)."""

import sys

from tools.formgen.cli import main

if __name__ == "__main__":
    sys.exit(main())
