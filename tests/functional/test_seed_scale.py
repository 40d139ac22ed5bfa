"""``flask seed-scale``: the synthetic national dataset, at a size a test can afford."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import PersonRole
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.matching.models import Mentee
from lms.practice.models import PracticeEntry

SIZES = [
    "--schemes", "2", "--people", "30", "--mentees", "40", "--answers", "600",
    "--practice", "120", "--certificates", "25", "--audit-events", "60",
]  # fmt: skip


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_scale_writes_the_sizes_asked_for_then_refreshes_statistics(runner):
    """Each size option is honoured; the planner's statistics are refreshed after the load."""
    result = runner.invoke(args=["seed-scale", "--seed", "3", *SIZES])
    assert result.exit_code == 0, result.output
    assert "Updating the query planner's statistics" in result.output
    assert "Wrote" in result.output and "Every account's password is" in result.output
    assert _count(PersonRole, PersonRole.role == "trainee") == 30
    assert _count(Mentee) == 40
    assert _count(Certificate) == 25
    assert _count(PracticeEntry) == 120


def test_seed_scale_refuses_a_database_that_already_has_people(runner):
    """A second run would mix two datasets: it stops and says how to insist."""
    assert runner.invoke(args=["seed-scale", *SIZES]).exit_code == 0
    again = runner.invoke(args=["seed-scale", *SIZES])
    assert again.exit_code != 0 and "--force" in again.output
