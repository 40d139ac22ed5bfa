"""Readable names for competence codes, as printed on certificates and shown to schemes."""

from __future__ import annotations

LABELS = {
    "peer-mentoring": "mentor people in the criminal justice system as a peer",
    "boundaries": "keep safe and clear boundaries",
    "safeguarding": "recognise and report safeguarding concerns",
    "confidentiality": "keep information confidential and know when to share it",
    "signposting": "signpost people to housing, work, health and other services",
    "mentor-under-18s": "mentor young people under 18",
    "mentor-women": "mentor women on the women's pathway",
    "inclusive-practice": "work fairly with difference, trauma and communication needs",
    "mentor-role": "explain the mentor's role and its limits",
    "resettlement": "support people through release and resettlement",
    "helping-skills": "listen, encourage and help without rescuing",
    "public-protection-awareness": "understand Prevent and public protection at awareness level",
    "lone-working": "keep safe when working alone",
    "reflective-practice": "use supervision and reflect on practice",
}


def competence_label(code: str) -> str:
    """The readable label for a competence code (the code itself if unknown)."""
    return LABELS.get(code, code.replace("-", " "))
