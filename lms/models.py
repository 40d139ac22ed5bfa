"""Imports every model module so SQLAlchemy and Alembic see the whole schema."""

from lms.accounts.models import Person, PersonRole, Role, Scheme
from lms.audit.models import AuditEvent

__all__ = ["AuditEvent", "Person", "PersonRole", "Role", "Scheme"]
