"""What a mentee asks of a mentor: the certificate competences and the DBS level needed."""

from __future__ import annotations

from lms.matching.models import Mentee

PEER_MENTORING, UNDER_18S, WOMEN = "peer-mentoring", "mentor-under-18s", "mentor-women"
# Mentoring under-18s is regulated activity with children: the check must include the barred list.
UNDER_18S_VETTING = "enhanced_barred"


def required_competences(mentee: Mentee) -> list[str]:
    """The certificate competences a mentor needs for this mentee."""
    needed = [PEER_MENTORING]
    if mentee.under_18:
        needed.append(UNDER_18S)
    if mentee.womens_pathway:
        needed.append(WOMEN)
    return needed


def required_vetting_level(mentee: Mentee) -> str | None:
    """The lowest DBS level a mentor needs for this mentee (None: any recorded check)."""
    return UNDER_18S_VETTING if mentee.under_18 else None
