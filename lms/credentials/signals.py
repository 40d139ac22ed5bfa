"""Keeps credentials in step with certificates: one issued with each; status lists rebuilt.

Subscribed once per process at import (lms/setup.py imports this), running inside the
certificate's transaction, so a list changes in the same commit as the revocation or suspension.
"""

from __future__ import annotations

import logging

from blinker import ANY

from lms import events
from lms.credentials import badges, keys, status_lists

log = logging.getLogger(__name__)


@events.certificate_issued.connect_via(ANY, weak=False)
def _issue(cert, *, session, **_kwargs) -> None:
    badges.issue_quietly(session, cert)


@events.certificate_renewed.connect_via(ANY, weak=False)
def _renewed(cert, *, session, **_kwargs) -> None:
    """The renewal's own credential; the one it replaces runs to its own validUntil."""
    badges.issue_quietly(session, cert)


def _rebuild(session, purposes: tuple[str, ...]) -> None:
    try:
        status_lists.regenerate(session, purposes)
    except keys.NoSigningKey as exc:  # the revocation or suspension itself goes ahead
        log.error(
            "Status lists not rebuilt: %s Run `flask --app lms credentials backfill` once a "
            "key is set.",
            exc,
        )


@events.certificate_stopped.connect_via(ANY, weak=False)
def _stopped(cert, *, session, why: str, **_kwargs) -> None:
    if why == "revoked":
        _rebuild(session, status_lists.PURPOSES)  # a revoked one leaves the suspension list
    elif why == "suspended":
        _rebuild(session, ("suspension",))


@events.certificate_valid_again.connect_via(ANY, weak=False)
def _valid_again(cert, *, session, **_kwargs) -> None:
    _rebuild(session, ("suspension",))
