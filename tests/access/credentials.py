"""Authorisation matrix rows for credentials: the public machine documents and VC-API, and the
holder's download (whoever may download the certificate's PDF)."""

from __future__ import annotations

from tests.access import ADMIN, COORD, EVERYONE, TRAINEE, TRAINER

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("credentials.did_document", "GET", "/.well-known/did.json", EVERYONE),
    ("credentials.did_document", "GET", "/did.json", EVERYONE),
    ("credentials.status_list", "GET", "/credentials/status/revocation", EVERYONE),
    ("credentials.status_list", "GET", "/credentials/status/suspension", EVERYONE),
    (
        "credentials.download",
        "GET",
        "/certificates/{number}/credential.json",
        (TRAINEE, TRAINER, COORD, ADMIN),
    ),
    # The wallet QR's signed link: whoever holds it (a wallet app has no sign-in of ours).
    ("credentials.wallet_link", "GET", "/credentials/wallet/{wallet_token}", EVERYONE),
    ("credentials.verify", "POST", "/credentials/verify", EVERYONE),
    ("credentials.verify_presentation", "POST", "/presentations/verify", EVERYONE),
    # Only with CREDENTIALS_ISSUE_ENDPOINT (on in tests; 404 otherwise: test_credentials_api).
    ("credentials.issue", "POST", "/credentials/issue", EVERYONE),
]


def objects(people) -> dict[str, object]:
    """A certificate issued to the trainee (with its credential), as the certificate rows make."""
    from lms.credentials import wallet
    from tests.access import certificates

    found = certificates.objects(people)
    return {**found, "wallet_token": wallet.token_for(found["number"])}
