"""A live view of the sent-mail list without the notification emails, for tests of another
feature's own emails (the notification emails are tested in test_notification_triggers.py)."""

from __future__ import annotations

from collections.abc import Iterator

from lms.notifications.services import SUBJECT


class WithoutNotifications:
    """Reads like the list it wraps, leaving out messages with the notification subject."""

    def __init__(self, sent: list) -> None:
        self._sent = sent

    def _kept(self) -> list:
        return [m for m in self._sent if m.subject != SUBJECT]

    def __iter__(self) -> Iterator:
        return iter(self._kept())

    def __len__(self) -> int:
        return len(self._kept())

    def __getitem__(self, index):
        return self._kept()[index]

    def __eq__(self, other: object) -> bool:
        return self._kept() == other

    __hash__ = None  # type: ignore[assignment]


def without_notifications(sent: list) -> WithoutNotifications:
    return WithoutNotifications(sent)
