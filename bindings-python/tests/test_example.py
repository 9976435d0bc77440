"""The shipped example runs against the built module, so it cannot rot (L3 A2 A4 C2 C5)."""

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python" / "quickstart.py"


def test_l3_a4_quickstart_runs_and_prints_what_it_promises():
    run = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "Customer(name='Corner Deli', code='HF-001'" in out
    assert "/order/" in out
    assert "Welcome back, Corner Deli | may view: True | may submit: True" in out
    assert "refused: CODE_TAKEN (conflict)" in out
    assert "trial expired: may view True, may submit False, TRIAL_EXPIRED" in out
    assert "1 of 1 active customers match 'deli'" in out
