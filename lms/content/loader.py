"""Read training modules from disk and report every problem in them with its file and line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lms.content.escalation import check_questions, check_scenario_text
from lms.content.glossary import Glossary, glossary_path, read_glossary
from lms.content.guessing import GuessReport, guess_report
from lms.content.known import KNOWN_FILE, apply_known
from lms.content.lessons import lesson_texts
from lms.content.reader import Problem, Reader, line_at
from lms.content.rules import check_outcomes, check_scenario
from lms.content.schema import ModuleMeta, QuestionBank, QuestionSpec, ScenarioSpec

DEFAULT_ROOT = Path(__file__).resolve().parent.parent.parent / "modules"

MIN_BANK_SIZE = 12


@dataclass(frozen=True)
class LessonSource:
    """One lesson as written: its file name, slug (file name without .md), title and Markdown."""

    file: str
    slug: str
    title: str
    markdown: str


@dataclass(frozen=True)
class ModuleSource:
    """A module folder that checked clean: parsed data, raw texts and content hashes."""

    slug: str
    path: Path
    meta: ModuleMeta
    lessons: list[LessonSource]
    questions: list[QuestionSpec]
    scenarios: list[ScenarioSpec]
    texts: dict[str, str]
    content_hash: str
    questions_hash: str
    question_hashes: dict[str, str] = field(default_factory=dict)


def question_record(question: QuestionSpec) -> dict[str, Any]:
    """The fields of a question that define it, as plain data (also hashed for versions).

    The outcome is left out on purpose: tagging a question with (or moving it to) an outcome
    changes what is drawn, not what is asked, so it must not make anyone retake a passed quiz.
    """
    return {
        "id": question.id,
        "type": question.type,
        "prompt": question.prompt,
        "scenario": question.scenario,
        "must_pass": question.must_pass,
        "options": [option.model_dump() for option in question.options],
    }


def canonical_hash(data: Any) -> str:
    """SHA-256 of a canonical JSON form of ``data`` (sorted keys, no spaces)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _module_files(folder: Path) -> list[Path]:
    """Every file of a module folder, leaving out hidden files and Python caches."""
    files = []
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(p.startswith(".") or p == "__pycache__" for p in parts):
            files.append(path)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def content_hash(folder: Path) -> str:
    """SHA-256 over the sorted relative paths and bytes of every file in a module folder."""
    digest = hashlib.sha256()
    for path in _module_files(folder):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(folder).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _questions(reader: Reader, folder: Path, per_attempt: Any) -> tuple[Any, yaml.Node | None]:
    """The question bank (checked for its schema, unique ids and size) and its YAML nodes."""
    path = folder / "questions.yaml"
    if not path.is_file():
        reader.add(path, None, "missing questions.yaml: every module needs a question bank")
        return None, None
    parsed = reader.yaml(path)
    if parsed is None:
        return None, None
    data, node = parsed
    bank = reader.validate(QuestionBank, path, data, node)
    if bank is not None:
        check_questions(reader, path, node, list(bank.questions))
    items = data.get("questions") if isinstance(data, dict) else None
    if isinstance(items, list):
        first_line: dict[str, int | None] = {}
        for index, item in enumerate(items):
            key = item.get("id") if isinstance(item, dict) else None
            if not isinstance(key, str):
                continue
            line = line_at(node, ("questions", index, "id"))
            if key in first_line:
                message = f"question id '{key}' is used twice (first on line {first_line[key]})"
                reader.add(path, line, message)
            else:
                first_line[key] = line
        count, line = len(items), line_at(node, ("questions",))
        if count < MIN_BANK_SIZE:
            message = f"the bank has {count} questions; it needs at least {MIN_BANK_SIZE}"
            reader.add(path, line, message)
        if type(per_attempt) is int and count < per_attempt:
            message = f"the bank has {count} questions, fewer than questions_per_attempt"
            reader.add(path, line, f"{message} ({per_attempt})")
    return (list(bank.questions) if bank is not None else None), node


def _scenarios(reader: Reader, folder: Path) -> list[ScenarioSpec]:
    """The scenario assessments in scenarios/, each id matching its file name."""
    directory = folder / "scenarios"
    specs: list[ScenarioSpec] = []
    if not directory.is_dir():
        return specs
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if not path.is_file() or path.suffix != ".yaml":
            reader.add(path, None, "only <id>.yaml files belong in scenarios/")
            continue
        parsed = reader.yaml(path)
        if parsed is None:
            continue
        data, node = parsed
        spec = reader.validate(ScenarioSpec, path, data, node)
        key = data.get("id") if isinstance(data, dict) else None
        if isinstance(key, str) and key != path.stem:
            line = line_at(node, ("id",))
            reader.add(path, line, f"id '{key}' must equal the file name '{path.stem}'")
        if spec is not None:
            check_scenario(reader, path, spec, node)
            check_scenario_text(reader, path, node, spec)
            specs.append(spec)
    return specs


@dataclass(frozen=True)
class _Order:
    value: int
    folder: str
    path: Path
    line: int | None


def _guessing(reader: Reader, folder: Path, questions: list[QuestionSpec]) -> GuessReport:
    """The bank's guessability; a problem for each blind strategy scoring above its limit."""
    report = guess_report(questions)
    for strategy in report.failures:
        message = (
            f"guessing: '{strategy.name}' scores {strategy.score:.1f}% without reading the "
            f"questions (chance {strategy.chance:.1f}%, limit {strategy.limit:.1f}%)"
        )
        reader.add(folder / "questions.yaml", 1, message, "guessing")
    return report


def _load_module(
    reader: Reader, folder: Path, reports: dict[str, GuessReport], terms: frozenset[str]
) -> tuple[ModuleSource | None, _Order | None]:
    """Check one module folder; its ModuleSource whenever its metadata and bank parse."""
    module_path = folder / "module.yaml"
    data, node = reader.yaml(module_path) or (None, None)
    meta = reader.validate(ModuleMeta, module_path, data, node) if data is not None else None
    raw = data if isinstance(data, dict) else {}
    slug = raw.get("slug")
    if isinstance(slug, str) and slug != folder.name:
        message = f"slug '{slug}' must equal the folder name '{folder.name}'"
        reader.add(module_path, line_at(node, ("slug",)), message)
    texts = lesson_texts(reader, folder, raw, node, terms)
    questions, bank_node = _questions(reader, folder, raw.get("questions_per_attempt"))
    scenarios = _scenarios(reader, folder)
    value = raw.get("order")
    order = None
    if type(value) is int:
        order = _Order(value, folder.name, module_path, line_at(node, ("order",)))
    if questions is not None:
        reports[folder.name] = _guessing(reader, folder, questions)
    if meta is None or questions is None:
        return None, order
    check_outcomes(reader, folder, meta, node, questions, bank_node)
    if set(texts) != {entry.file for entry in meta.lessons}:
        return None, order  # a lesson is missing (reported): nothing to build a module from
    records = [question_record(question) for question in questions]
    source = ModuleSource(
        slug=meta.slug,
        path=folder,
        meta=meta,
        lessons=[
            LessonSource(e.file, e.file.removesuffix(".md"), e.title, texts[e.file])
            for e in meta.lessons
        ],
        questions=questions,
        scenarios=scenarios,
        texts={
            path.relative_to(folder).as_posix(): text
            for path, text in reader.texts.items()
            if path.is_relative_to(folder)
        },
        content_hash=content_hash(folder),
        questions_hash=canonical_hash(records),
        question_hashes={record["id"]: canonical_hash(record) for record in records},
    )
    return source, order


def _module_folders(reader: Reader, root: Path) -> list[Path]:
    if (root / "module.yaml").is_file():
        return [root]
    if not root.is_dir():
        reader.add(root, None, "no such folder")
        return []
    folders = []
    for path in sorted(root.iterdir()):
        if not path.is_dir() or path.name.startswith((".", "_")):
            continue
        if (path / "module.yaml").is_file():
            folders.append(path)
        else:
            reader.add(path, None, "not a module: the folder has no module.yaml")
    if not folders:
        reader.add(root, None, "no module folders found")
    return folders


@dataclass(frozen=True)
class ContentCheck:
    """Everything ``content check`` reports about a modules folder.

    ``modules`` are the modules with no problem left; ``problems`` fail the content; ``known``
    are problems listed in modules/known-problems.yaml, left for the curriculum rewrite;
    ``guessing`` holds each module's guessability table, by folder name; ``glossary`` the
    terms of the glossary beside the modules (none if it is missing or has problems).
    """

    modules: list[ModuleSource]
    problems: list[Problem]
    known: list[Problem]
    guessing: dict[str, GuessReport]
    glossary: Glossary = field(default_factory=Glossary)


def check_modules(root: Path) -> ContentCheck:
    """Read every module folder under ``root`` (or ``root`` itself if it is a module folder),
    apply the known-problems list of a folder of modules, and measure each bank's guessability.
    The glossary (see lms/content/glossary.py) is checked first: lessons link its terms."""
    root = Path(root)
    reader = Reader()
    glossary = read_glossary(reader, glossary_path(root))
    sources: list[ModuleSource] = []
    orders: dict[int, list[_Order]] = {}
    reports: dict[str, GuessReport] = {}
    for folder in _module_folders(reader, root):
        reader.module = folder.name
        source, order = _load_module(reader, folder, reports, glossary.ids)
        if source is not None:
            sources.append(source)
        if order is not None:
            orders.setdefault(order.value, []).append(order)
    for same in orders.values():
        for order in same if len(same) > 1 else []:
            reader.module = order.folder
            others = ", ".join(o.folder for o in same if o is not order)
            reader.add(order.path, order.line, f"order {order.value} is also used by {others}")
    reader.module = ""
    known: list[Problem] = []
    if not (root / "module.yaml").is_file() and (root / KNOWN_FILE).is_file():
        reader.problems, known = apply_known(reader, root / KNOWN_FILE, reports)
    failing = {problem.module for problem in reader.problems}
    modules = [source for source in sources if source.path.name not in failing]
    return ContentCheck(modules, reader.problems, known, reports, glossary)


def load_modules(root: Path) -> tuple[list[ModuleSource], list[Problem]]:
    """The modules under ``root`` that checked clean and every problem found in them (the
    glossary's too), known ones left out (see ``check_modules``): fit to load only if none."""
    check = check_modules(root)
    return check.modules, check.problems
