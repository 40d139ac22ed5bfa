"""Imports every model module so SQLAlchemy and Alembic see the whole schema."""

from lms.accounts.models import Person, PersonRole, Role, Scheme
from lms.audit.models import AuditEvent
from lms.content.models import Lesson, Module, ModuleVersion, Question, ScenarioAssessment
from lms.training.models import AttemptQuestion, LessonProgress, QuizAttempt

__all__ = [
    "AttemptQuestion",
    "AuditEvent",
    "Lesson",
    "LessonProgress",
    "Module",
    "ModuleVersion",
    "Person",
    "PersonRole",
    "Question",
    "QuizAttempt",
    "Role",
    "ScenarioAssessment",
    "Scheme",
]
