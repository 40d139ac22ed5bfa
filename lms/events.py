"""The signals services send when certificates, matches, marks and practice decisions change.

A feature that must react to another's change (matching pauses matches when a certificate stops
being valid) subscribes here instead of being called by it, so the feature that changes never
imports the one that reacts. Services send each signal synchronously, after the change and its
audit event and before the caller commits, so a subscriber's work (a pause, an email in the
outbox) is saved or rolled back with the change itself.

The sender is always the changed object; every signal also carries ``session`` (the SQLAlchemy
session the change is in) and ``actor`` (the ``Person`` who made it, or None when the system did,
as the daily sweep does). Subscribers connect once per process, at import, with
``@signal.connect_via(ANY, weak=False)`` or ``signal.connect(fn, weak=False)`` in their own
module, which ``lms/setup.py`` imports; never inside ``create_app``, which tests call many times.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# ---------------------------------------------------------------------------
# Certificates (lms/certificates/services.py and sweep.py)

certificate_issued = _signals.signal(
    "certificate-issued",
    doc="""A certificate was issued to someone holding no current one of its definition.

    Sender: the new ``Certificate``. Keyword arguments: ``session``; ``actor``, the issuer.
    """,
)

certificate_renewed = _signals.signal(
    "certificate-renewed",
    doc="""A certificate was renewed: a new one replaces the holder's current one.

    Sender: the new ``Certificate``. Keyword arguments: ``session``; ``actor``, the issuer;
    ``previous``, the ``Certificate`` it supersedes (no longer current).
    """,
)

certificate_stopped = _signals.signal(
    "certificate-stopped",
    doc="""A certificate stopped being valid: suspended, revoked, or found expired by the sweep.

    Sender: the ``Certificate``. Keyword arguments: ``session``; ``actor``, who suspended it or
    the admin who approved the revocation (None for an expiry); ``why``, one of "suspended",
    "revoked" or "expired".
    """,
)

vetting_withdrawn = _signals.signal(
    "vetting-withdrawn",
    doc="""A DBS check was marked as entered in error and no longer counts.

    Sender: the ``VettingCheck``. Keyword arguments: ``session``; ``actor``, who marked it.
    """,
)

certificate_valid_again = _signals.signal(
    "certificate-valid-again",
    doc="""A suspended certificate was reinstated and is valid again.

    Sender: the ``Certificate``. Keyword arguments: ``session``; ``actor``, who reinstated it;
    ``why``, "reinstated". Paused matches are not resumed by this: a coordinator resumes them.
    """,
)

revocation_proposed = _signals.signal(
    "revocation-proposed",
    doc="""Someone proposed revoking a certificate; a different admin must decide it.

    Sender: the new pending ``RevocationProposal``. Keyword arguments: ``session``;
    ``actor``, who proposed it.
    """,
)

# ---------------------------------------------------------------------------
# Matches (lms/matching/matches/services.py)

match_proposed = _signals.signal(
    "match-proposed",
    doc="""A match was proposed. Sender: the ``Match``. Keyword arguments: ``session``;
    ``actor``, the coordinator or admin.""",
)

match_activated = _signals.signal(
    "match-activated",
    doc="""A proposed match was made active. Sender: the ``Match``. Keyword arguments:
    ``session``; ``actor``.""",
)

match_paused = _signals.signal(
    "match-paused",
    doc="""A proposed or active match was paused. Sender: the ``Match``. Keyword arguments:
    ``session``; ``actor`` (None when the system paused it because a certificate stopped);
    ``reason``, the stripped reason saved on the match.""",
)

match_resumed = _signals.signal(
    "match-resumed",
    doc="""A paused match was resumed through the gate (active again, or proposed if it was never
    activated). Sender: the ``Match``. Keyword arguments: ``session``; ``actor``.""",
)

match_ended = _signals.signal(
    "match-ended",
    doc="""A match ended. Sender: the ``Match``. Keyword arguments: ``session``; ``actor``;
    ``reason``; ``requested_by``, one of "mentor", "mentee" or "scheme".""",
)

# ---------------------------------------------------------------------------
# Marks (lms/assessment/services.py) and practice decisions (lms/practice/services.py)

scenario_marked = _signals.signal(
    "scenario-marked",
    doc="""A scenario answer got its first mark. Sender: the ``ScenarioSubmission`` (now
    marked). Keyword arguments: ``session``; ``actor``, the marker; ``mark``, the new
    ``ScenarioMark``.""",
)

scenario_second_marked = _signals.signal(
    "scenario-second-marked",
    doc="""A marked answer was second-marked. Sender: the ``ScenarioSubmission``. Keyword
    arguments: ``session``; ``actor``, the second marker; ``mark``, the new ``ScenarioMark``;
    ``agree``, whether its outcome matches the first mark's (if not, the answer is flagged).""",
)

scenario_resolved = _signals.signal(
    "scenario-resolved",
    doc="""A flagged disagreement between first and second marker was resolved by a lead trainer
    or admin: the answer's ``outcome`` is now the agreed one and it is no longer flagged.
    Sender: the ``ScenarioSubmission``. Keyword arguments: ``session``; ``actor``, who resolved
    it; ``previous``, the outcome before (the first mark's); ``changed``, whether the agreed
    outcome differs from it (then the trainee is told).""",
)

practice_decided = _signals.signal(
    "practice-decided",
    doc="""A trainer decided a pending practice entry: confirmed, sent back, or signed off as an
    observed session. Sender: the ``PracticeEntry`` (its ``status`` is "confirmed" or
    "rejected"). Keyword arguments: ``session``; ``actor``, the trainer; ``signoff``, the
    ``ObservationSignoff`` for an observed session, otherwise None.""",
)
