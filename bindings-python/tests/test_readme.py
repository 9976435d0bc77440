"""The Python examples of the README, docs/guide.md and the package's own README run against the built module, so they
cannot rot (C1 L3 A2 A4 as the README shows them)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = [README, ROOT / "docs" / "guide.md", ROOT / "bindings-python" / "README.md"]
BLOCKS = [
    (doc, block)
    for doc in DOCS
    for block in re.findall(r"```python\n(.*?)```", doc.read_text(encoding="utf-8"), flags=re.S)
]


def test_readme_has_python_examples():
    assert BLOCKS


@pytest.mark.parametrize("doc, block", BLOCKS, ids=[f"{doc.stem}-{i}" for i, (doc, _) in enumerate(BLOCKS)])
def test_readme_python_block_runs(doc, block):
    exec(compile(block, str(doc), "exec"), {"__name__": "readme"})
