"""Authorisation matrix rows for certificate pages."""

from __future__ import annotations

from tests.access import ADMIN, COORD, TRAINEE, TRAINER

STAFF = (TRAINER, COORD, ADMIN)

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("certificates.mine", "GET", "/certificates/", (TRAINEE,)),
    ("certificates.scheme", "GET", "/certificates/scheme", STAFF),
    ("certificates.scheme_csv", "GET", "/certificates/scheme.csv", STAFF),
    ("certificates.eligible", "GET", "/certificates/eligible", (TRAINER, ADMIN)),
    ("certificates.person", "GET", "/certificates/people/{trainee_id}", STAFF),
    (
        "certificates.issue",
        "GET",
        "/certificates/people/{trainee_id}/issue/core-peer-mentor",
        (TRAINER, ADMIN),
    ),
    (
        "certificates.issue",
        "POST",
        "/certificates/people/{trainee_id}/issue/core-peer-mentor",
        (TRAINER, ADMIN),
    ),
    ("certificates.renew", "GET", "/certificates/{number}/renew", (TRAINER, ADMIN)),
    ("certificates.renew", "POST", "/certificates/{number}/renew", (TRAINER, ADMIN)),
    ("certificates.certificate", "GET", "/certificates/{number}", (TRAINEE, *STAFF)),
    ("certificates.download", "GET", "/certificates/{number}/certificate.pdf", (TRAINEE, *STAFF)),
    ("certificates.suspend", "POST", "/certificates/{number}/suspend", (COORD, ADMIN)),
    ("certificates.reinstate", "POST", "/certificates/{number}/reinstate", (COORD, ADMIN)),
    (
        "certificates.propose_revocation",
        "POST",
        "/certificates/{number}/propose-revocation",
        (COORD, ADMIN),
    ),
    ("certificates.revocations", "GET", "/certificates/revocations", (ADMIN,)),
    ("certificates.decide", "POST", "/certificates/revocations/{proposal}", (ADMIN,)),
]


def objects(people) -> dict[str, object]:
    """A certificate held by the trainee, and a revocation of it proposed by the coordinator."""
    from lms.certificates import issuing, services
    from lms.extensions import db
    from lms.ukdates import uk_today
    from tests.factories import make_definition, make_eligible

    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    real_render = issuing._render
    issuing._render = lambda *args: b"%PDF-1.7 matrix test"  # the PDF is beside the point here
    try:
        cert = services.issue(
            db.session,
            people["trainer"],
            people["trainee"],
            definition,
            services.IssueSettings(base_url="https://lms.test"),
            today=uk_today(),
        )
    finally:
        issuing._render = real_render
    proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Concern")
    db.session.commit()
    return {"number": cert.number, "proposal": proposal.id, "trainee_id": people["trainee"].id}
