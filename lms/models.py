"""Imports every model module so SQLAlchemy and Alembic see the whole schema."""

from lms.accounts.models import Person, PersonRole, Role, Scheme
from lms.assessment.models import ScenarioMark, ScenarioSubmission
from lms.audit.models import AuditEvent
from lms.content.models import Lesson, Module, ModuleVersion, Question, ScenarioAssessment
from lms.practice.models import ObservationSignoff, PracticeEntry
from lms.training.models import AttemptQuestion, LessonProgress, QuizAttempt

__all__ = [
    "AttemptQuestion",
    "AuditEvent",
    "Lesson",
    "LessonProgress",
    "Module",
    "ModuleVersion",
    "ObservationSignoff",
    "Person",
    "PersonRole",
    "PracticeEntry",
    "Question",
    "QuizAttempt",
    "Role",
    "ScenarioAssessment",
    "ScenarioMark",
    "ScenarioSubmission",
    "Scheme",
]
