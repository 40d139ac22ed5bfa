"""Authorisation matrix rows for accounts without email: sign-in cards, the card sign-in's
"Choose a password", your account page and adding an email address (confirmed by a link)."""

from __future__ import annotations

from tests.access import ADMIN, EVERYONE, SIGNED_IN, STAFF

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("auth.card_password", "GET", "/sign-in/choose-password", EVERYONE),
    ("auth.card_password", "POST", "/sign-in/choose-password", EVERYONE),
    ("auth.account", "GET", "/account", SIGNED_IN),
    ("auth.add_email", "POST", "/account/email", SIGNED_IN),
    ("auth.cancel_email", "POST", "/account/email/cancel", SIGNED_IN),
    # A link made for nobody: every signed-in role gets the page saying it does not work.
    ("auth.confirm_email", "GET", "/account/email/confirm/not-a-token", SIGNED_IN),
    ("auth.confirm_email", "POST", "/account/email/confirm/not-a-token", SIGNED_IN),
    ("people.new_trainee", "GET", "/invitations/trainee/new", STAFF),
    ("people.new_trainee", "POST", "/invitations/trainee/new", STAFF),
    ("people.card", "GET", "/invitations/{carded}/card", STAFF),
    ("people.print_card", "POST", "/invitations/{carded}/card", STAFF),
    ("admin.add_email", "POST", "/admin/people/{carded}/email", (ADMIN,)),
]


def objects(people) -> dict[str, object]:
    """A trainee of the fixtures' scheme with a username and a sign-in card, no email."""
    from tests.factories import make_carded_trainee

    person, _ = make_carded_trainee(people["trainer"])
    return {"carded": person.id}
