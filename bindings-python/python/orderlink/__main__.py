"""``python -m orderlink`` and the ``orderlink`` console script: the Rust CLI, run in process.

    python -m orderlink import validate customers.xlsx --errors-out fix-me.xlsx
    orderlink import preview customers.csv --json

Prints what the Rust ``orderlink`` binary prints and exits with its status (0 every row can be
imported, 1 a row or the file has an error, 2 the command cannot run).
"""

import sys

from ._orderlink import run_cli


def main() -> None:
    """Run the command on ``sys.argv`` and exit with its status."""
    sys.exit(run_cli(sys.argv[1:]))


if __name__ == "__main__":
    main()
