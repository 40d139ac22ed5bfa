"""email addresses in normal form: NFKC lower case, and a unique NFKC case-folded key

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:30:00

Existing addresses are re-normalised (NFKC, lower case) and given their key. If two existing
accounts turn out to share a key (say a fullwidth copy of an address), the upgrade stops and
names them: merge or change one by hand, then upgrade again.
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _normal(email):
    return unicodedata.normalize("NFKC", email).strip().lower()


def _key(email):
    folded = unicodedata.normalize("NFKC", _normal(email)).casefold()
    return unicodedata.normalize("NFKC", folded)


def upgrade():
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_key", sa.String(length=254), nullable=True))
    people = sa.table(
        "people",
        sa.column("id", sa.Integer),
        sa.column("email", sa.String),
        sa.column("email_key", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.email)).all()
    owners = {}
    for person_id, email in rows:
        key = _key(email)
        if key in owners:
            raise RuntimeError(
                f"Accounts {owners[key]} and {person_id} have the same email address once "
                f"normalised ({key}). Change one of them, then run the upgrade again."
            )
        owners[key] = person_id
    for person_id, email in rows:  # only once every key is known to be unique
        connection.execute(
            people.update()
            .where(people.c.id == person_id)
            .values(email=_normal(email)[:254], email_key=_key(email)[:254])
        )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.alter_column("email_key", existing_type=sa.String(length=254), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_people_email_key"), ["email_key"])


def downgrade():
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_people_email_key"), type_="unique")
        batch_op.drop_column("email_key")
