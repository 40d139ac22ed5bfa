"""Imports every model module so SQLAlchemy and Alembic see the whole schema."""

from lms.accounts.contacts import SchemeContacts
from lms.accounts.models import Person, PersonRole, Role, Scheme
from lms.api.models import ApiKey
from lms.assessment.models import HeldAnswer, ScenarioMark, ScenarioSubmission
from lms.audit.models import AuditEvent
from lms.audit.runs import AuditVerification
from lms.certificates.models import Certificate, CertificateDefinition, RevocationProposal
from lms.content.models import Lesson, Module, ModuleVersion, Question, ScenarioAssessment
from lms.core.models import HealthProbe
from lms.credentials.models import BadgeCredential, ConformanceStatusEntry, StatusList
from lms.expenses.models import ExpenseClaim, ExpenseSettings
from lms.matching.models import (
    DeclaredConflict,
    Match,
    Mentee,
    MentorProfile,
    SupervisionSession,
)
from lms.notifications.models import (
    ExpiryWarning,
    Notification,
    NotificationSetting,
    WorkDigest,
)
from lms.outbox.models import OutboxMessage
from lms.practice.models import ObservationSignoff, PracticeEntry
from lms.training.models import AttemptQuestion, LessonProgress, QuizAttempt
from lms.vetting.models import VettingCheck

__all__ = [
    "ApiKey",
    "AttemptQuestion",
    "AuditEvent",
    "AuditVerification",
    "BadgeCredential",
    "Certificate",
    "CertificateDefinition",
    "ConformanceStatusEntry",
    "DeclaredConflict",
    "ExpenseClaim",
    "ExpenseSettings",
    "ExpiryWarning",
    "HealthProbe",
    "HeldAnswer",
    "Lesson",
    "LessonProgress",
    "Match",
    "Mentee",
    "MentorProfile",
    "Module",
    "ModuleVersion",
    "Notification",
    "NotificationSetting",
    "ObservationSignoff",
    "OutboxMessage",
    "Person",
    "PersonRole",
    "PracticeEntry",
    "Question",
    "QuizAttempt",
    "RevocationProposal",
    "Role",
    "ScenarioAssessment",
    "ScenarioMark",
    "ScenarioSubmission",
    "Scheme",
    "SchemeContacts",
    "StatusList",
    "SupervisionSession",
    "VettingCheck",
    "WorkDigest",
]
