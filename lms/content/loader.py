"""Read training modules from disk and report every problem in them with its file and line."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from lms.content.reader import Problem, Reader, line_at
from lms.content.schema import (
    ModuleMeta,
    QuestionBank,
    QuestionSpec,
    ScenarioSpec,
)

DEFAULT_ROOT = Path(__file__).resolve().parent.parent.parent / "modules"

MIN_BANK_SIZE = 12
WHAT_WOULD_YOU_DO = "What would you do?"
KEY_POINTS = "Key points"


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
    """The fields of a question that define it, as plain data (also hashed for versions)."""
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


_PLAIN_MARKDOWN = MarkdownIt("commonmark")


def _check_lesson(reader: Reader, path: Path, text: str) -> None:
    """A lesson has no '# ' heading, a 'What would you do?' section and ends with key points."""
    tokens = _PLAIN_MARKDOWN.parse(text)
    asks_what_you_would_do = False
    key_points: int | None = None
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        title = tokens[index + 1].content.strip()
        if token.tag == "h1":
            message = "no top-level '# ' heading: the title comes from module.yaml"
            reader.add(path, token.map[0] + 1, message)
        elif token.tag == "h2" and title == WHAT_WOULD_YOU_DO:
            asks_what_you_would_do = True
        elif token.tag == "h2" and title == KEY_POINTS:
            key_points = index
    if not asks_what_you_would_do:
        reader.add(path, None, f"missing the section headed '## {WHAT_WOULD_YOU_DO}'")
    if key_points is None:
        reader.add(path, None, f"missing the section headed '## {KEY_POINTS}'")
        return
    after = tokens[key_points + 3 :]
    if not after or after[0].type != "bullet_list_open":
        line = tokens[key_points].map[0] + 1
        reader.add(path, line, f"'## {KEY_POINTS}' must be followed by a bulleted list")
    later = next((t for t in after if t.type == "heading_open" and t.tag == "h2"), None)
    if later is not None:
        reader.add(path, later.map[0] + 1, f"'## {KEY_POINTS}' must be the last section")


def _lesson_texts(reader: Reader, folder: Path, raw: dict, node: yaml.Node | None) -> dict:
    """Check the lesson files against module.yaml's list; the texts of those that exist."""
    module_path, lesson_dir = folder / "module.yaml", folder / "lessons"
    entries = raw.get("lessons") if isinstance(raw.get("lessons"), list) else []
    texts: dict[str, str] = {}
    listed: set[str] = set()
    for index, entry in enumerate(entries):
        name = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name or "/" in name or "\\" in name:
            continue  # the schema reports it
        line = line_at(node, ("lessons", index, "file"))
        if name in listed:
            reader.add(module_path, line, f"lesson '{name}' is listed twice")
            continue
        listed.add(name)
        if not (lesson_dir / name).is_file():
            reader.add(module_path, line, f"lesson file lessons/{name} does not exist")
            continue
        text = reader.text(lesson_dir / name)
        if text is not None:
            _check_lesson(reader, lesson_dir / name, text)
            texts[name] = text
    if lesson_dir.is_dir() and isinstance(raw.get("lessons"), list):
        for path in sorted(lesson_dir.glob("*.md")):
            if path.name not in listed:
                reader.add(path, None, "lesson file is not listed in module.yaml")
    return texts


def _questions(reader: Reader, folder: Path, per_attempt: Any) -> list[QuestionSpec] | None:
    """The question bank, checked for its schema, unique ids and size."""
    path = folder / "questions.yaml"
    if not path.is_file():
        reader.add(path, None, "missing questions.yaml: every module needs a question bank")
        return None
    parsed = reader.yaml(path)
    if parsed is None:
        return None
    data, node = parsed
    bank = reader.validate(QuestionBank, path, data, node)
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
    return list(bank.questions) if bank is not None else None


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
            specs.append(spec)
    return specs


@dataclass(frozen=True)
class _Order:
    value: int
    folder: str
    path: Path
    line: int | None


def _load_module(reader: Reader, folder: Path) -> tuple[ModuleSource | None, _Order | None]:
    """Check one module folder; its ModuleSource only if nothing in it is wrong."""
    before = len(reader.problems)
    module_path = folder / "module.yaml"
    data, node = reader.yaml(module_path) or (None, None)
    meta = reader.validate(ModuleMeta, module_path, data, node) if data is not None else None
    raw = data if isinstance(data, dict) else {}
    slug = raw.get("slug")
    if isinstance(slug, str) and slug != folder.name:
        message = f"slug '{slug}' must equal the folder name '{folder.name}'"
        reader.add(module_path, line_at(node, ("slug",)), message)
    texts = _lesson_texts(reader, folder, raw, node)
    questions = _questions(reader, folder, raw.get("questions_per_attempt"))
    scenarios = _scenarios(reader, folder)
    value = raw.get("order")
    order = None
    if type(value) is int:
        order = _Order(value, folder.name, module_path, line_at(node, ("order",)))
    if len(reader.problems) > before or meta is None or questions is None:
        return None, order
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


def load_modules(root: Path) -> tuple[list[ModuleSource], list[Problem]]:
    """Read every module folder under ``root`` (or ``root`` itself if it is a module folder).

    Returns the modules that checked clean and every problem found in any of them; content is
    fit to load only when the problem list is empty.
    """
    reader = Reader()
    modules: list[ModuleSource] = []
    orders: dict[int, list[_Order]] = {}
    for folder in _module_folders(reader, Path(root)):
        source, order = _load_module(reader, folder)
        if source is not None:
            modules.append(source)
        if order is not None:
            orders.setdefault(order.value, []).append(order)
    for same in orders.values():
        for order in same if len(same) > 1 else []:
            others = ", ".join(o.folder for o in same if o is not order)
            reader.add(order.path, order.line, f"order {order.value} is also used by {others}")
    return modules, reader.problems
