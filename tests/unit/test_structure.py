"""The shape of the code: no import cycles (between modules or between features), a docstring
on every file's first line, and no file over 300 lines beyond today's listed ceilings."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
LMS = ROOT / "lms"

# The top of the app: it builds and wires everything, so these may import any module, and no
# other module may import them (that would be an arrow running back up).
TOP = {"lms", "lms.setup", "lms.cli", "lms.demo", "lms.worker"}

MAX_LINES = 300
# Files longer than MAX_LINES today, each with its length as a ceiling it may not grow past.
# Shrink this list as files are split; never add to it.
LONGER_TODAY = {
    "lms/accounts/services.py": 389,
    "lms/assessment/services.py": 440,
    "lms/certificates/services.py": 335,
    "lms/matching/demo.py": 317,
    "lms/practice/services.py": 612,
    "lms/scale/generate.py": 1240,
    "lms/training/services.py": 330,
}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """Every import between modules of ``lms`` that runs, including those inside functions;
    imports under ``if TYPE_CHECKING:`` never run and are for type checkers only."""
    return grimp.build_graph("lms", cache_dir=None, exclude_type_checking_imports=True)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    nodes = set(edges) | {n for targets in edges.values() for n in targets}
    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return found


def _feature(module: str) -> str:
    """``lms.matching.gate`` -> ``lms.matching``; a top-level module is its own feature."""
    return ".".join(module.split(".")[:2])


def _module_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def test_no_import_cycles_between_modules(graph):
    """No module reaches itself through imports, counting imports inside functions."""
    cycles = _cycles(_module_edges(graph))
    assert cycles == [], "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_nothing_imports_the_top_of_the_app(graph):
    """Only the factory, setup, the CLI, the demo and the worker sit above every feature."""
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in _module_edges(graph).items()
        if module not in TOP
        for target in targets
        if target in TOP
    )
    assert upward == []


def test_no_import_cycles_between_features(graph):
    """With each package ``lms.X`` collapsed to one node, no feature reaches itself."""
    edges: dict[str, set[str]] = {}
    behind: dict[tuple[str, str], list[str]] = {}
    for module, targets in _module_edges(graph).items():
        source = _feature(module)
        if source in TOP:
            continue
        for target in targets:
            if _feature(target) not in TOP and _feature(target) != source:
                edges.setdefault(source, set()).add(_feature(target))
                behind.setdefault((source, _feature(target)), []).append(f"{module} -> {target}")
    cycles = _cycles(edges)
    why = [
        f"{' <-> '.join(group)}:\n    "
        + "\n    ".join(
            line
            for (a, b), lines in sorted(behind.items())
            if a in group and b in group
            for line in sorted(lines)
        )
        for group in cycles
    ]
    assert cycles == [], "feature cycles:\n" + "\n".join(why)


def _python_files() -> list[Path]:
    return sorted(LMS.rglob("*.py"))


def test_every_file_starts_with_a_docstring():
    """Each file says on its first line what it is for."""
    missing = []
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        body = ast.parse(text).body
        starts = text.startswith(('"""', "'''"))
        is_docstring = bool(body) and isinstance(body[0], ast.Expr)
        if not (starts and is_docstring and ast.get_docstring(ast.parse(text))):
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []


def test_no_file_grows_past_its_ceiling():
    """No file is over 300 lines, except the listed ones, which may not grow."""
    too_long = {}
    for path in _python_files():
        name = str(path.relative_to(ROOT))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LONGER_TODAY.get(name, MAX_LINES):
            too_long[name] = lines
    assert too_long == {}


def test_the_ceilings_name_files_that_exist():
    """A split or removed file leaves the list (so its ceiling cannot be reused by accident)."""
    assert [name for name in LONGER_TODAY if not (ROOT / name).is_file()] == []
