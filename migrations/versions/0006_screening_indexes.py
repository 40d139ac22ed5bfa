"""indexes for screening a scheme's mentors: certificates, latest DBS check, last supervision

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 05:20:00

"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_certificates_holder_state",
        "certificates",
        [
            "person_id",
            "current",
            "valid_from",
            "valid_until",
            "suspended_at",
            "revoked_at",
            "superseded_at",
        ],
        unique=False,
        postgresql_include=["competences"],
    )
    op.create_index(
        "ix_vetting_checks_person_latest",
        "vetting_checks",
        ["person_id", "certificate_date", "id", "level", "recheck_due"],
        unique=False,
    )
    op.create_index(
        "ix_supervision_sessions_mentor_held",
        "supervision_sessions",
        ["mentor_id", "held_on"],
        unique=False,
    )


def downgrade():
    op.drop_index("ix_certificates_holder_state", table_name="certificates")
    op.drop_index("ix_supervision_sessions_mentor_held", table_name="supervision_sessions")
    op.drop_index("ix_vetting_checks_person_latest", table_name="vetting_checks")
