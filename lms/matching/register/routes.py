"""The accreditation register download (CSV) for the coordinator's scheme."""

from __future__ import annotations

from lms.authz import role_required
from lms.exports import csv_response
from lms.extensions import db
from lms.matching.blueprint import MANAGERS, bp, dashboard_scheme
from lms.matching.register.services import register_rows
from lms.ukdates import uk_today


@bp.get("/register.csv")
@role_required(*MANAGERS)
def register_csv():
    scheme = dashboard_scheme()
    return csv_response(
        register_rows(db.session, scheme.id, uk_today()),
        f"accreditation-register-{scheme.slug}.csv",
    )
