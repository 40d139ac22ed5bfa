"""No file in the repository holds a merge-conflict marker left behind by a merge."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = ("<<<<<<< ", ">>>>>>> ")
SKIP = {".git", ".venv", "node_modules", "instance", "__pycache__", ".pytest_cache", ".ruff_cache"}
TEXT = {".py", ".html", ".txt", ".md", ".yaml", ".yml", ".toml", ".json", ".cfg", ".ini", ".sh"}


def _files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & SKIP or not path.is_file():
            continue
        if path.suffix in TEXT or path.name in {"Makefile", "run"}:
            found.append(path)
    return found


def test_no_conflict_markers():
    found = []
    for path in _files():
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, 1):
            if line.startswith(MARKERS) or line == "=======":
                found.append(f"{path.relative_to(ROOT)}:{number}: {line}")
    assert found == [], "merge-conflict markers left in:\n" + "\n".join(found)
