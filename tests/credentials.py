"""Helpers for the credential tests: issue a real certificate, and read the served documents."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

from lms.certificates import services
from lms.credentials import badges
from lms.extensions import db
from tests.factories import make_definition, make_eligible
from tests.tools import missing

TODAY = date(2026, 11, 28)
SETTINGS = services.IssueSettings(base_url="http://lms.test")


def issue_certificate(people):
    """A certificate issued to the demo trainee by the demo trainer, committed."""
    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session, people["trainer"], people["trainee"], definition, SETTINGS, today=TODAY
    )
    db.session.commit()
    return cert


def credential_of(cert) -> dict:
    row = badges.for_certificate(db.session, cert)
    assert row is not None, "no credential was issued with the certificate"
    return json.loads(row.json)


def served(client) -> dict[str, dict]:
    """The DID document and both status lists as a verifier would fetch them, by id."""
    found = {}
    for path in (
        "/.well-known/did.json",
        "/credentials/status/revocation",
        "/credentials/status/suspension",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        document = response.get_json(force=True)
        found[document["id"]] = document
    return found


def revoke(people, cert) -> None:
    """Revoke ``cert``: proposed by the coordinator, approved by the admin; committed."""
    from lms.certificates import services

    proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Concern")
    services.decide_revocation(db.session, people["admin"], proposal, approve=True, note="Yes")
    db.session.commit()


def suspend(people, cert) -> None:
    from datetime import timedelta

    from lms.ukdates import uk_today

    services.suspend(
        db.session,
        people["coordinator"],
        cert,
        "Looking into it",
        uk_today() + timedelta(days=14),
        today=uk_today(),
    )
    db.session.commit()


def reinstate(people, cert) -> None:
    services.reinstate(db.session, people["coordinator"], cert, "All clear")
    db.session.commit()


VERIFIERS = Path(__file__).resolve().parent / "verifiers"


def _need_node() -> str:
    node = shutil.which("node")
    if node is None or shutil.which("npm") is None:
        message = "node and npm are needed for the independent credential verifier"
        missing(message)
    if not (VERIFIERS / "node_modules" / "@digitalbazaar" / "vc").exists():
        subprocess.run(  # noqa: S603 - our own lock file, as `make test` runs it
            ["npm", "ci", "--prefix", str(VERIFIERS), "--no-audit", "--no-fund"],  # noqa: S607
            check=True,
            capture_output=True,
            timeout=300,
        )
    return node


def node_verify(credential: dict, documents: dict[str, dict], tmp_path: Path) -> dict:
    """Digital Bazaar's verifier's answer for ``credential``, offline, given the served docs."""
    node = _need_node()
    args = []
    for n, (url, document) in enumerate(documents.items()):
        path = tmp_path / f"doc-{n}.json"
        path.write_text(json.dumps(document))
        args.append(f"{url}={path}")
    done = subprocess.run(  # noqa: S603 - our own script and files
        [node, str(VERIFIERS / "verify.mjs"), *args],
        input=json.dumps(credential),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout, done.stderr
    answer = json.loads(done.stdout)
    assert (done.returncode == 0) == answer["ok"]
    return answer
