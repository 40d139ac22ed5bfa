"""The matching gate: may a mentor be matched with a mentee, and if not, every reason why.

``rules`` is the one table of reasons; ``verdict`` runs it in Python for chosen mentors (the
authority), ``screening`` runs it as one SQL statement over a scheme's mentors for lists, and
``load`` is the one definition of a mentor's load.
"""

from lms.matching.gate import screening
from lms.matching.gate.load import OPEN_STATUSES, loads
from lms.matching.gate.needs import (
    PEER_MENTORING,
    UNDER_18S,
    UNDER_18S_VETTING,
    required_competences,
    required_vetting_level,
)
from lms.matching.gate.rules import CODES, KIND_OF_CODE, KINDS, ORDER, RULES, Kind, Rule
from lms.matching.gate.verdict import GateResult, Reason, check, check_many

__all__ = [
    "CODES",
    "KINDS",
    "KIND_OF_CODE",
    "OPEN_STATUSES",
    "ORDER",
    "PEER_MENTORING",
    "RULES",
    "UNDER_18S",
    "UNDER_18S_VETTING",
    "GateResult",
    "Kind",
    "Reason",
    "Rule",
    "check",
    "check_many",
    "loads",
    "required_competences",
    "required_vetting_level",
    "screening",
]
