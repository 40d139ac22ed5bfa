"""Every route by every role: who may use it. A new route missing here fails the suite."""

from __future__ import annotations

import pytest

from lms.accounts.models import Role
from lms.extensions import db
from tests.access import ADMIN, ANON, API_KEY, COORD, EVERYONE, SIGNED_IN, TRAINEE, TRAINER
from tests.access import accounts as accounts_access
from tests.access import api as api_access
from tests.access import assessment as assessment_access
from tests.access import audit as audit_access
from tests.access import certificates as certificates_access
from tests.access import credentials as credentials_access
from tests.access import expenses as expenses_access
from tests.access import info as info_access
from tests.access import matching as matching_access
from tests.access import notifications as notifications_access
from tests.access import outbox as outbox_access
from tests.access import practice as practice_access
from tests.access import reading as reading_access
from tests.access import scheme_settings as scheme_settings_access
from tests.access import verify as verify_access
from tests.access import vetting as vetting_access

FEATURES = (
    accounts_access,
    assessment_access,
    practice_access,
    audit_access,
    vetting_access,
    certificates_access,
    credentials_access,
    verify_access,
    api_access,
    matching_access,
    outbox_access,
    notifications_access,
    expenses_access,
    scheme_settings_access,
    info_access,
    reading_access,
)

# (endpoint, method, path template, who may use it). Anyone else gets 403, or the sign-in page
# when anonymous. "{person}" and "{scheme}" are filled with real ids from the fixtures.
MATRIX = [
    ("core.home", "GET", "/", EVERYONE),
    ("core.healthz", "GET", "/healthz", EVERYONE),
    ("static", "GET", "/static/css/app.css", EVERYONE),
    ("core.trainee_home", "GET", "/trainee", (TRAINEE,)),
    ("core.trainer_home", "GET", "/trainer", (TRAINER,)),
    ("core.coordinator_home", "GET", "/coordinator", (COORD,)),
    ("core.admin_home", "GET", "/admin", (ADMIN,)),
    ("auth.sign_in", "GET", "/sign-in", EVERYONE),
    ("auth.sign_in", "POST", "/sign-in", EVERYONE),
    ("auth.sign_out", "POST", "/sign-out", SIGNED_IN),
    ("auth.stay_signed_in", "POST", "/stay-signed-in", SIGNED_IN),
    ("auth.forgot_password", "GET", "/password/forgot", EVERYONE),
    ("auth.forgot_password", "POST", "/password/forgot", EVERYONE),
    ("auth.reset_password", "GET", "/password/reset/not-a-token", EVERYONE),
    ("auth.reset_password", "POST", "/password/reset/not-a-token", EVERYONE),
    ("auth.accept_invitation", "GET", "/invitation/not-a-token", EVERYONE),
    ("auth.accept_invitation", "POST", "/invitation/not-a-token", EVERYONE),
    ("people.invitations", "GET", "/invitations/", (TRAINER, COORD, ADMIN)),
    ("people.invite", "GET", "/invitations/new", (TRAINER, COORD, ADMIN)),
    ("people.invite", "POST", "/invitations/new", (TRAINER, COORD, ADMIN)),
    ("people.resend", "POST", "/invitations/{invited}/resend", (TRAINER, COORD, ADMIN)),
    ("admin.schemes", "GET", "/admin/schemes", (ADMIN,)),
    ("admin.edit_scheme", "GET", "/admin/schemes/new", (ADMIN,)),
    ("admin.edit_scheme", "POST", "/admin/schemes/new", (ADMIN,)),
    ("admin.edit_scheme", "GET", "/admin/schemes/{scheme}/edit", (ADMIN,)),
    ("admin.edit_scheme", "POST", "/admin/schemes/{scheme}/edit", (ADMIN,)),
    ("admin.people", "GET", "/admin/people", (ADMIN,)),
    ("admin.people_csv", "GET", "/admin/people.csv", (ADMIN,)),
    ("admin.person", "GET", "/admin/people/{invited}", (ADMIN,)),
    ("admin.person", "POST", "/admin/people/{invited}", (ADMIN,)),
    ("admin.deactivate", "POST", "/admin/people/{invited}/deactivate", (ADMIN,)),
    ("admin.reactivate", "POST", "/admin/people/{invited}/reactivate", (ADMIN,)),
    ("training.path", "GET", "/training/", (TRAINEE,)),
    ("training.module", "GET", "/training/{module}", SIGNED_IN),
    ("training.lesson", "GET", "/training/{module}/lessons/{lesson}", SIGNED_IN),
    ("training.lesson", "POST", "/training/{module}/lessons/{lesson}", SIGNED_IN),
    ("training.glossary", "GET", "/training/glossary", SIGNED_IN),
    ("training.trainer_notes", "GET", "/training/{module}/trainer-notes", (TRAINER, COORD, ADMIN)),
    ("training.start_quiz", "POST", "/training/{module}/quiz", (TRAINEE,)),
    ("training.attempt", "GET", "/training/attempts/{attempt}", (TRAINEE,)),
    ("training.attempt", "POST", "/training/attempts/{attempt}", (TRAINEE,)),
    ("training.save_answers", "POST", "/training/attempts/{attempt}/answers", (TRAINEE,)),
    ("training.result", "GET", "/training/attempts/{attempt}/result", (TRAINEE,)),
    ("training_reports.progress", "GET", "/training-reports/progress", (TRAINER, COORD, ADMIN)),
    (
        "training_reports.progress_csv",
        "GET",
        "/training-reports/progress.csv",
        (TRAINER, COORD, ADMIN),
    ),
    ("training_reports.questions", "GET", "/training-reports/questions", (TRAINER, COORD, ADMIN)),
    (
        "training_reports.question_stats",
        "GET",
        "/training-reports/questions/{module}/v1",
        (TRAINER, COORD, ADMIN),
    ),
]


# Which feature module owns each feature row, so a test makes only the objects its route needs.
OWNER = {(row[0], row[1], row[2]): feature for feature in FEATURES for row in feature.ROWS}
MATRIX += [row for feature in FEATURES for row in feature.ROWS]


def _routes_in_app(app) -> set[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((rule.endpoint, method))
    return found


def test_every_route_is_in_the_matrix(app):
    """Adding a route without deciding who may use it fails here."""
    listed = {(endpoint, method) for endpoint, method, _, _ in MATRIX}
    missing = _routes_in_app(app) - listed
    assert not missing, f"add these routes to the authorisation matrix: {sorted(missing)}"


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = False  # the matrix tests authorisation; CSRF is tested apart
    return app_config


def core_objects(people, path: str) -> dict[str, object]:
    """The objects a core route's path takes ids of, made only when the path needs them."""
    from lms.training.services import start_attempt
    from tests.factories import make_module, make_person

    made: dict[str, object] = {"scheme": people["admin"].scheme_id}
    if "{invited}" in path:
        invited = make_person(
            "invited@example.org", "Ivy", [Role.TRAINEE], people["admin"].scheme, password=None
        )
        made["invited"] = invited.id
    if any(key in path for key in ("{module}", "{lesson}", "{attempt}")):
        module = make_module("sample")
        attempt = start_attempt(db.session, people["trainee"], module)
        db.session.commit()
        made.update(
            module=module.slug,
            lesson=module.current_version.lessons[0].slug,
            attempt=attempt.id,
        )
    return made


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize(
    ("endpoint", "method", "path", "allowed"),
    MATRIX,
    ids=[f"{m} {p}" for _, m, p, _ in MATRIX],
)
def test_route_access(client, people, login, who, endpoint, method, path, allowed):
    """Allowed roles get through; others get 403, and anonymous visitors the sign-in page."""
    owner = OWNER.get((endpoint, method, path))
    objects = owner.objects(people) if owner is not None else core_objects(people, path)
    if who != ANON:
        login(who)
    url = path.format(**objects)
    response = client.open(url, method=method, data={})
    status = response.status_code
    location = response.headers.get("Location", "")
    response.close()
    if allowed == API_KEY:
        assert status == 401, f"{method} {url} answered {status} without an API key"
    elif who in allowed:
        assert status not in (401, 403, 404, 405), f"{who} refused at {method} {url}: {status}"
        assert status < 500
        assert "/sign-in" not in location or endpoint == "auth.sign_in"
    elif who == ANON:
        assert status == 302 and "/sign-in" in location, f"{method} {url} open to anonymous"
    else:
        assert status == 403, f"{who} got {status} at {method} {url}"
