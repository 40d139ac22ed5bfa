"""The one-row table the health check writes to, proving the database still takes writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class HealthProbe(db.Model):
    """A single row (id 1) whose time ``/healthz`` rewrites: no history, so it never grows."""

    __tablename__ = "health_probe"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    checked_at: Mapped[datetime]
