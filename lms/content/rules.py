"""The checker's rules beyond each file's shape: outcomes, the blueprint draw and rubrics."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from lms.content.reader import Reader, line_at
from lms.content.schema import Criterion, ModuleMeta, QuestionSpec, ScenarioSpec

MIN_QUESTIONS_PER_OUTCOME = 3
MAX_CRITERION_WORDS = 25

# The same word count as the marking feature's (lms/assessment/services.word_count), so an
# example answer that checks clean here is long enough to be submitted there.
WORD = re.compile(r"\w+(?:[-']\w+)*")

# Wording that offers credit for something not required. Word boundaries, any case.
OPTIONAL_CREDIT = (
    "a plus",
    "bonus",
    "extra credit",
    "extra marks",
    "optional",
    "optionally",
    "nice to have",
    "desirable",
    "if possible",
    "ideally",
    "even better",
    "not essential",
    "preferably",
    "credit for",
    "credit also for",
    "extra points",
    "points if",
    "would be good",
    "also good",
)
OPTIONAL_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in OPTIONAL_CREDIT) + r")\b", re.IGNORECASE
)
# A sentence end followed by the start of another sentence ("Says no. Explains why.").
SECOND_SENTENCE = re.compile(r"[.!?][\"')\]]*\s+[\"'(]*[A-Z0-9]")
# Abbreviations whose full stop ends no sentence ("(Mrs. Patel)", "5 p.m. Monday", "e.g. ").
ABBREVIATION = re.compile(r"\b(?:Mrs|Mr|Ms|Dr|St|e\.g|i\.e|a\.m|p\.m|etc|vs)\.", re.IGNORECASE)

# Third-person rubric verbs: a criterion joining two of them bundles two requirements.
_VERBS = """
says tells names recognises notices explains offers passes reports records keeps refuses
asks listens reflects checks calls writes spots avoids leaves treats uses stays gives makes
takes shows suggests protects supports plans follows describes mentions contacts responds
refers signposts encourages helps agrees declares moves sits finds reassures admits
apologises arranges acknowledges identifies lets puts sets sends shares thanks warns does
turns
"""
RUBRIC_VERBS = tuple(_VERBS.split())
JOINED_VERB = re.compile(r"(?: and| or|,) (" + "|".join(RUBRIC_VERBS) + r")\b", re.IGNORECASE)
# Three or more comma-separated items of a few words each: "A, B and C", "A, B or C".
_ITEM = r"[\w'-]+(?: [\w'-]+){0,3}"
THREE_ITEMS = re.compile(rf"\b{_ITEM}, {_ITEM},? (?:and|or) [\w'-]+")


def word_count(text: str) -> int:
    return len(WORD.findall(text or ""))


def check_outcomes(
    reader: Reader,
    folder: Path,
    meta: ModuleMeta,
    meta_node: yaml.Node | None,
    questions: list[QuestionSpec],
    bank_node: yaml.Node | None,
) -> None:
    """Every question names one of the module's outcomes, and the blueprint can be drawn."""
    module_path, bank_path = folder / "module.yaml", folder / "questions.yaml"
    known = [outcome.id for outcome in meta.outcomes]
    counts = dict.fromkeys(known, 0)
    must_pass = dict.fromkeys(known, 0)
    for index, question in enumerate(questions):
        if question.outcome not in counts:
            line = line_at(bank_node, ("questions", index, "outcome"))
            message = (
                f"question '{question.id}': outcome '{question.outcome}' is not one of the "
                f"module's outcomes in module.yaml ({', '.join(known)})"
            )
            reader.add(bank_path, line, message, "outcome-unknown", question.id)
            continue
        counts[question.outcome] += 1
        must_pass[question.outcome] += question.must_pass
        if question.must_pass and question.type == "true_false":
            message = (
                f"question '{question.id}' is must-pass and true_false: a coin toss is no test "
                "of an essential; make it a single or scenario question"
            )
            line = line_at(bank_node, ("questions", index))
            reader.add(bank_path, line, message, "must-pass-true-false", question.id)
    for index, outcome in enumerate(meta.outcomes):
        count = counts[outcome.id]
        if count < MIN_QUESTIONS_PER_OUTCOME:
            line = line_at(meta_node, ("outcomes", index, "id"))
            message = (
                f"outcome '{outcome.id}' has {count} question(s) in questions.yaml; every "
                f"outcome needs at least {MIN_QUESTIONS_PER_OUTCOME}"
            )
            reader.add(module_path, line, message, "outcome-questions")
        if count < outcome.draw:
            line = line_at(meta_node, ("outcomes", index, "draw"))
            message = (
                f"outcome '{outcome.id}' draws {outcome.draw} questions per attempt but has "
                f"only {count}"
            )
            reader.add(module_path, line, message, "blueprint")
    essentials = sum(must_pass.values())
    further = sum(max(0, o.draw - must_pass[o.id]) for o in meta.outcomes)
    if essentials + further > meta.questions_per_attempt:
        line = line_at(meta_node, ("questions_per_attempt",))
        message = (
            f"the blueprint asks {essentials + further} questions ({essentials} must-pass "
            f"items plus {further} more to meet the outcomes' draws), more than "
            f"questions_per_attempt ({meta.questions_per_attempt}): raise it, lower a draw "
            "or make fewer items must-pass"
        )
        reader.add(module_path, line, message, "blueprint")


def bundled_requirement(text: str) -> str | None:
    """The wording that joins a second requirement to a criterion, or None if it holds one."""
    _, _, rest = text.strip().partition(" ")
    joined = JOINED_VERB.search(rest)
    if joined:
        return f"...{joined.group(0)} ..."
    listed = THREE_ITEMS.search(rest)
    if listed:
        return f"{listed.group(0)} ..."
    return None


def _check_bundled(reader: Reader, path: Path, line: int | None, key: str, text: str) -> None:
    found = bundled_requirement(text)
    if found:
        message = (
            f"criterion '{key}' holds more than one requirement ('{found}'): split it into "
            "separate criteria"
        )
        reader.add(path, line, message, "rubric-bundled")


def _check_criterion(
    reader: Reader, path: Path, node: yaml.Node | None, index: int, criterion: Criterion
) -> None:
    text = criterion.criterion.strip()
    line = line_at(node, ("rubric", index, "criterion"))
    name = f"rubric criterion '{criterion.id}'"
    plain = ABBREVIATION.sub("abbreviation", text)
    bundled = (
        "a ';'" if ";" in text else "a second sentence" if SECOND_SENTENCE.search(plain) else ""
    )
    if bundled:
        message = (
            f"{name} states more than one requirement ({bundled}): write one sentence with "
            "one requirement, and make each further requirement its own criterion"
        )
        reader.add(path, line, message, "rubric-criterion")
    _check_bundled(reader, path, line, criterion.id, text)
    words = word_count(text)
    if words > MAX_CRITERION_WORDS:
        message = f"{name} has {words} words; keep it to at most {MAX_CRITERION_WORDS}"
        reader.add(path, line, message, "rubric-criterion")
    for field in ("criterion", "met", "not_met"):
        found = OPTIONAL_PATTERN.search(getattr(criterion, field))
        if found:
            message = (
                f"{name}: {field} offers optional credit ('{found.group(0)}'); a criterion is "
                "met or not met: if it matters, make it its own criterion"
            )
            reader.add(path, line_at(node, ("rubric", index, field)), message, "rubric-optional")


def _check_examples(reader: Reader, path: Path, node: yaml.Node | None, spec: ScenarioSpec) -> None:
    kinds = [example.kind for example in spec.examples]
    if sorted(kinds) != ["borderline", "failing"]:
        message = (
            f"examples: needs exactly one borderline and one failing example, not "
            f"{', '.join(kinds) or 'none'}"
        )
        reader.add(path, line_at(node, ("examples",)), message, "examples")
    criteria = [criterion.id for criterion in spec.rubric]
    for index, example in enumerate(spec.examples):
        where = f"examples[{index}] ({example.kind})"
        line = line_at(node, ("examples", index, "outcome"))
        if example.kind == "failing" and example.outcome != "refer":
            message = f"{where}: the failing example's outcome must be refer"
            reader.add(path, line, message, "example-outcome")
        unknown = [key for key in example.met if key not in criteria]
        for key in unknown:
            spot = line_at(node, ("examples", index, "met", example.met.index(key)))
            message = f"{where}: met names '{key}', which is not a criterion of the rubric"
            reader.add(path, spot, message, "example-met")
        meets_all = set(criteria) <= set(example.met)
        if not unknown and meets_all != (example.outcome == "pass"):
            message = (
                f"{where}: outcome {example.outcome} disagrees with its met list: an answer "
                "passes only when it meets every criterion"
            )
            reader.add(path, line, message, "example-outcome")
        words = word_count(example.answer)
        if words < spec.min_words:
            message = (
                f"{where}: the answer has {words} words, fewer than min_words ({spec.min_words})"
            )
            line = line_at(node, ("examples", index, "answer"))
            reader.add(path, line, message, "example-length")


def check_scenario(reader: Reader, path: Path, spec: ScenarioSpec, node: yaml.Node | None) -> None:
    """A rubric of descriptors with no optional credit, and calibration examples that agree."""
    for index, criterion in enumerate(spec.rubric):
        _check_criterion(reader, path, node, index, criterion)
    _check_examples(reader, path, node, spec)
