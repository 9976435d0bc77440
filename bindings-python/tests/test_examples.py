"""The shipped example runs, so it cannot rot."""

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python" / "quickstart.py"


def test_quickstart_runs():
    out = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, check=True).stdout
    assert "Welcome back, Corner Deli | may submit: True" in out
    assert "refused: CODE_TAKEN" in out
