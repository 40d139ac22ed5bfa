"""``flask --app lms seed-scale``: fill an empty database with national-scale synthetic data."""

from __future__ import annotations

import click

from lms.accounts.passwords import hash_password
from lms.extensions import db
from lms.scale.generate import (
    SCALE_PASSWORD,
    AlreadyPopulated,
    Sizes,
    analyse,
    estimate_rows,
    generate,
)
from lms.ukdates import uk_today

DEFAULTS = Sizes()


@click.command("seed-scale")
@click.option("--seed", default=1, show_default=True, help="Same seed, same day: same data.")
@click.option("--small", is_flag=True, help="About 3% of every default size (quick runs).")
@click.option("--schemes", type=click.IntRange(1), default=None, help=f"[{DEFAULTS.schemes}]")
@click.option(
    "--people",
    type=click.IntRange(1),
    default=None,
    help=f"Mentors and trainees [{DEFAULTS.people}]",
)
@click.option("--mentees", type=click.IntRange(0), default=None, help=f"[{DEFAULTS.mentees}]")
@click.option(
    "--answers",
    type=click.IntRange(0),
    default=None,
    help=f"Quiz answers (attempt questions) [{DEFAULTS.answers}]",
)
@click.option(
    "--practice",
    type=click.IntRange(0),
    default=None,
    help=f"Practice log entries [{DEFAULTS.practice}]",
)
@click.option(
    "--certificates", type=click.IntRange(0), default=None, help=f"[{DEFAULTS.certificates}]"
)
@click.option(
    "--audit-events", type=click.IntRange(0), default=None, help=f"[{DEFAULTS.audit_events}]"
)
@click.option("--force", is_flag=True, help="Run even though the database already has people.")
def seed_scale_command(seed: int, small: bool, force: bool, **sizes: int | None) -> None:
    """Make a deterministic synthetic dataset: schemes, people, training, certificates, matches."""
    base = Sizes.small() if small else DEFAULTS
    chosen = Sizes(**{k: (v if v is not None else getattr(base, k)) for k, v in sizes.items()})
    click.echo(
        f"Seed {seed}: {chosen.schemes} schemes, {chosen.people} mentors and trainees, "
        f"{chosen.mentees} mentees, {chosen.answers} quiz answers, {chosen.practice} practice "
        f"entries, {chosen.certificates} certificates, {chosen.audit_events} audit events."
    )
    password_hash = hash_password(SCALE_PASSWORD)  # one real argon2 hash, shared by every account
    try:
        with click.progressbar(length=estimate_rows(chosen), label="Writing rows") as bar:
            report = generate(
                db.session,
                chosen,
                seed=seed,
                password_hash=password_hash,
                today=uk_today(),
                progress=bar.update,
                force=force,
            )
            db.session.commit()
    except AlreadyPopulated as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo("Updating the query planner's statistics (ANALYZE; VACUUM too on PostgreSQL)...")
    analyse(db.session)
    total = sum(report.rows.values())
    click.echo(f"Wrote {total} rows in {report.seconds:.1f} s:")
    for table, count in sorted(report.rows.items()):
        click.echo(f"  {table:<24} {count:>9}")
    click.echo(f"Every account's password is: {SCALE_PASSWORD}")
    for role, email in report.accounts.items():
        click.echo(f"  {role:<12} {email}")
