"""The shape of module.yaml, questions.yaml and scenarios/*.yaml (see modules/README.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# Lengths match the database columns, so content that checks clean also fits on PostgreSQL.
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
Key = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120)]
Competence = Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=80)]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Title = Annotated[str, Field(max_length=200), AfterValidator(_not_blank)]
Text = Annotated[str, AfterValidator(_not_blank)]
LessonFile = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.md$", max_length=123)]

QuestionType = Literal["single", "multiple", "true_false", "scenario"]


class _Strict(BaseModel):
    """Strict types and no unknown keys: a typo in the content is an error, not ignored."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class LessonEntry(_Strict):
    """One entry of the ordered ``lessons`` list in module.yaml."""

    file: LessonFile
    title: Title


def _unique_ids(items: list, what: str) -> list:
    ids = [item.id for item in items]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"{what} ids must be unique: {', '.join(repeated)} repeated")
    return items


class Outcome(_Strict):
    """A learning outcome the quiz tests; ``draw`` of its questions are asked in every attempt."""

    id: Key
    text: Text
    draw: int = Field(default=1, ge=1, le=3)


class ModuleMeta(_Strict):
    """module.yaml: a module's metadata, quiz settings and the ordered list of lessons."""

    slug: Slug
    title: Title
    summary: Text
    version: int = Field(ge=1)
    order: int = Field(ge=0)
    pathway: Literal["core", "young-people", "women"]
    competences: list[Competence] = Field(min_length=1)
    pass_mark: int = Field(ge=1, le=100)
    questions_per_attempt: int = Field(ge=1)
    attempt_limit: int = Field(ge=1)
    cooldown_hours: int = Field(ge=0)
    show_answers: Literal["always", "after_pass"]
    outcomes: list[Outcome] = Field(min_length=1, max_length=8)
    lessons: list[LessonEntry] = Field(min_length=1)

    @field_validator("outcomes")
    @classmethod
    def _unique_outcome_ids(cls, outcomes: list[Outcome]) -> list[Outcome]:
        return _unique_ids(outcomes, "outcome")


class Option(_Strict):
    """One answer option; ``feedback`` says why it is right or wrong."""

    text: Text
    correct: bool
    feedback: Text


class QuestionSpec(_Strict):
    """One question of the bank in questions.yaml."""

    id: Key
    type: QuestionType
    outcome: Key
    prompt: Text
    scenario: str | None = Field(default=None, validate_default=True)
    must_pass: bool = False
    options: list[Option] = Field(min_length=2, max_length=6)

    @field_validator("scenario")
    @classmethod
    def _scenario_only_for_scenario_type(
        cls, value: str | None, info: ValidationInfo
    ) -> str | None:
        kind = info.data.get("type")
        if kind == "scenario" and (value is None or not value.strip()):
            raise ValueError("a scenario question needs the 'scenario' text")
        if kind is not None and kind != "scenario" and value is not None:
            raise ValueError(f"'scenario' text is only allowed on scenario questions, not {kind}")
        return value

    @field_validator("options")
    @classmethod
    def _options_fit_type(cls, options: list[Option], info: ValidationInfo) -> list[Option]:
        kind = info.data.get("type")
        correct = sum(option.correct for option in options)
        problems = []
        if kind in ("single", "scenario", "true_false") and correct != 1:
            problems.append(f"a {kind} question needs exactly one correct option, not {correct}")
        if kind == "multiple" and correct < 1:
            problems.append("a multiple question needs at least one correct option")
        if kind == "true_false" and [option.text for option in options] != ["True", "False"]:
            problems.append('a true_false question has exactly two options, "True" then "False"')
        if problems:
            raise ValueError("; ".join(problems))
        return options


class QuestionBank(_Strict):
    """questions.yaml: the module's question bank."""

    questions: list[QuestionSpec] = Field(min_length=1)


class Criterion(_Strict):
    """One rubric criterion: one requirement, and what "met" and "not met" look like."""

    id: Key
    criterion: Text
    met: Text
    not_met: Text


class Example(_Strict):
    """A calibration answer shown to trainers beside the rubric, with its agreed marking."""

    kind: Literal["borderline", "failing"]
    outcome: Literal["pass", "refer"]
    met: list[Key]
    answer: Text
    notes: Text


class ScenarioSpec(_Strict):
    """scenarios/<id>.yaml: a written scenario assessment marked against a rubric."""

    id: Key
    title: Title
    situation: Text
    task: Text
    min_words: int = Field(ge=1)
    rubric: list[Criterion] = Field(min_length=3, max_length=10)
    examples: list[Example]

    @field_validator("rubric")
    @classmethod
    def _unique_criterion_ids(cls, rubric: list[Criterion]) -> list[Criterion]:
        return _unique_ids(rubric, "rubric criterion")
