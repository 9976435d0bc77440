"""Helpers of scripts/test-packaging.

    readme_block.py first-use LANG README     the first ```LANG block under "## First use"
    readme_block.py promised LANG FILE        what each print / console.log line promises
    readme_block.py check-python SDIST        the installed package's metadata, and the sdist
"""

import re
import sys


def first_use(lang, readme):
    text = open(readme, encoding="utf-8").read()
    section = text.split("\n## First use\n", 1)[1].split("\n## ", 1)[0]
    print(re.search(r"```%s\n(.*?)```" % lang, section, flags=re.S).group(1), end="")


def promised(lang, path):
    """The text after `# ` on each `print(...)` line (Python) or `// ` on each
    `console.log(...)` line (JS): what that line prints."""
    call, mark = ("print(", " # ") if lang == "python" else ("console.log(", " // ")
    for line in open(path, encoding="utf-8").read().splitlines():
        if line.startswith(call) and mark in line:
            print(line.rsplit(mark, 1)[1].strip())


def check_python(sdist):
    """Run by the fresh venv's Python, after `pip install ./bindings-python`."""
    import importlib.metadata as md
    import tarfile

    dist = md.distribution("orderlink")
    meta = dist.metadata
    assert meta["License-Expression"] == "MIT OR Apache-2.0", meta["License-Expression"]
    assert meta.get_all("Classifier") and meta.get_all("Project-URL"), "classifiers and URLs"
    assert meta["Description-Content-Type"].startswith("text/markdown"), "the README is the description"
    files = [str(f) for f in dist.files]
    for lic in ("LICENSE-MIT", "LICENSE-APACHE"):
        assert any(f.endswith("licenses/" + lic) for f in files), f"{lic} not in the wheel"
    scripts = [e.value for e in dist.entry_points if e.name == "orderlink"]
    assert scripts == ["orderlink.__main__:main"], scripts
    tags = [line.split(": ")[1] for line in dist.read_text("WHEEL").splitlines() if line.startswith("Tag:")]
    print("wheel tags:", ", ".join(tags))
    members = tarfile.open(sdist).getnames()
    for needed in ("LICENSE-MIT", "LICENSE-APACHE", "README.md", "core/src/lib.rs", "cli/src/lib.rs", "bindings-python/src/lib.rs"):
        assert any(m.endswith("/" + needed) for m in members), f"{needed} not in the sdist"
    print(f"sdist: {len(members)} files, the licences and README among them")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"first-use": first_use, "promised": promised, "check-python": check_python}[command](*args)
