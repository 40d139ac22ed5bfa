"""The expenses blueprint with all its pages attached (the mentor's, the coordinator's and the
settings), for lms/setup.py to register."""

from lms.expenses import coordinator_routes, mentor_routes, settings_routes  # noqa: F401
from lms.expenses.blueprint import bp

__all__ = ["bp"]
