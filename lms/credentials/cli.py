"""``flask --app lms credentials keygen`` (make or rotate the issuer key), ``retire-key`` (date a
retired key, or remove a leaked one) and ``backfill`` (sign what has no valid credential)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from lms.credentials import keys, retirement

credentials_cli = AppGroup("credentials", help="Open Badges credentials: keys and backfill.")

KEY_FILE = click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Key file (default: CREDENTIAL_KEY_FILE, else instance/credential-key.pem).",
)


def _audited(*events: Callable[[Session], object]) -> None:
    """Record key changes on the audit trail; a key file made before the database exists (first
    set-up) is still written, and the command says the trail could not record it."""
    from lms.extensions import db

    try:
        for event in events:
            event(db.session)
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        click.echo(
            f"  Not recorded on the audit trail (database not ready?): {exc.__class__.__name__}"
        )


@credentials_cli.command("keygen")
@KEY_FILE
def keygen_command(path: Path | None) -> None:
    """Write a new Ed25519 key first in the key file; the key that was current is retired from
    now (it stays, dated, so what it signed before still verifies)."""
    path = path or keys.default_key_file()
    existed = path.exists()
    key = keys.write_new_key(path)
    ring = keys.parse(path.read_text(encoding="utf-8"))
    click.echo(f"{'Rotated' if existed else 'Wrote'} {path} (mode 0600): current key {key.key_id}")
    click.echo(f"  publicKeyMultibase {key.multibase}; {len(ring) - 1} retired key(s) kept.")
    click.echo(
        f"  As a did:key (the issuer id the vc-di-eddsa suite needs): did:key:{key.multibase}"
    )
    events = [lambda s: retirement.audit(s, "credential_key.created", key)]
    if len(ring) > 1:
        old = ring[1]
        click.echo(f"  {old.key_id} retired at {keys.stamp(old.retired_at)}.")
        events.append(lambda s: retirement.audit(s, "credential_key.retired", old))
    _audited(*events)


@credentials_cli.command("retire-key")
@click.argument("key_id")
@click.option(
    "--compromised",
    is_flag=True,
    help="The key leaked: remove it from the key file and the DID document entirely.",
)
@KEY_FILE
def retire_key_command(key_id: str, compromised: bool, path: Path | None) -> None:
    """Retire KEY_ID (key-... or its z6Mk... value) from now; with --compromised remove it, and
    list the certificates whose credentials must be signed again (`credentials backfill`)."""
    from lms.extensions import db

    path = path or keys.default_key_file()
    try:
        done = retirement.retire(path, key_id, compromised=compromised)
    except (retirement.RetireError, keys.NoSigningKey) as exc:
        raise click.ClickException(str(exc)) from exc
    key = done.key
    if not compromised:
        click.echo(f"{key.key_id} is retired from {keys.stamp(key.retired_at)}: still in the DID")
        click.echo("  document; a proof it makes after that time is refused.")
        _audited(lambda s: retirement.audit(s, "credential_key.retired", key))
        return
    numbers = retirement.signed_by(db.session, key)
    click.echo(f"Removed {key.key_id} ({key.multibase}) from {path} and the DID document.")
    if numbers:
        click.echo(f"{len(numbers)} certificate(s) have a credential it signed, which no longer")
        click.echo("verifies; run `flask --app lms credentials backfill` to sign them again:")
        for number in numbers:
            click.echo(f"  {number}")
    else:
        click.echo("No certificate's credential was signed by it.")
    _audited(lambda s: retirement.audit(s, "credential_key.removed", key, len(numbers)))


@credentials_cli.command("backfill")
def backfill_command() -> None:
    """Issue a credential for every certificate that has none (after a key was missing), sign
    again every credential whose key was removed as leaked, and rebuild both status lists."""
    from sqlalchemy import select

    from lms.certificates.models import Certificate
    from lms.credentials import badges, status_lists
    from lms.credentials.models import BadgeCredential
    from lms.extensions import db

    missing = select(Certificate).where(
        ~select(BadgeCredential.id).where(BadgeCredential.certificate_id == Certificate.id).exists()
    )
    made = 0
    for cert in db.session.scalars(missing).all():
        badges.issue(db.session, cert)
        made += 1
    stale = retirement.unpublished(db.session)
    for row in stale:
        retirement.resign(row)
    # Always: a list left stale while the key was missing is signed again from today's statuses.
    status_lists.regenerate(db.session)
    db.session.commit()
    click.echo(
        f"Issued {made} credential(s); signed {len(stale)} again (their key was removed); "
        "both status lists rebuilt."
    )
