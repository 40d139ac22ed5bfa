"""The navigation links each role sees; every page is reachable from here."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for

from lms.accounts.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str

    @property
    def href(self) -> str:
        return url_for(self.endpoint)

    @property
    def active(self) -> bool:
        return request.endpoint == self.endpoint


ROLE_LINKS: dict[Role, list[NavItem]] = {
    Role.TRAINEE: [
        NavItem("My training", "core.trainee_home"),
        NavItem("Scenario answers", "assessment.index"),
        NavItem("Practice log", "practice.log"),
        NavItem("Certificate", "certificates.mine"),
        NavItem("My mentees", "matching.my_mentees"),
        NavItem("Expenses", "expenses.mine"),
        NavItem("Mentor profile", "matching.my_profile"),
        NavItem("Glossary", "training.glossary"),
    ],
    Role.TRAINER: [
        NavItem("Trainer", "core.trainer_home"),
        NavItem("Practice to confirm", "practice.queue"),
        NavItem("Marking", "assessment.queue"),
        NavItem("Trainee progress", "training_reports.progress"),
        NavItem("Certificates", "certificates.scheme"),
        NavItem("Supervision", "matching.supervision"),
        NavItem("Glossary", "training.glossary"),
    ],
    Role.COORDINATOR: [
        NavItem("Coordinator", "core.coordinator_home"),
        NavItem("Trainee progress", "training_reports.progress"),
        NavItem("DBS checks", "vetting.index"),
        NavItem("Certificates", "certificates.scheme"),
        NavItem("Matching", "matching.dashboard"),
        NavItem("Mentees", "matching.mentees"),
        NavItem("Expense claims", "expenses.waiting"),
        NavItem("Scheme settings", "scheme_settings.mine"),
        NavItem("Glossary", "training.glossary"),
    ],
    Role.ADMIN: [
        NavItem("Admin", "core.admin_home"),
        NavItem("Trainee progress", "training_reports.progress"),
        NavItem("Schemes", "admin.schemes"),
        NavItem("People", "admin.people"),
        NavItem("Audit trail", "audit.index"),
        NavItem("Scheme settings", "scheme_settings.mine"),
        NavItem("Expense settings", "expenses.settings_index"),
        NavItem("Glossary", "training.glossary"),
    ],
}
INVITER_LINKS = [NavItem("Invitations", "people.invitations")]


def navigation_for(user) -> list[NavItem]:
    """Links for everything the person's roles allow, without duplicates, in a stable order."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[NavItem] = []
    for role in reversed(user.sorted_roles):
        items.extend(ROLE_LINKS[role])
    if user.has_role(Role.TRAINER, Role.COORDINATOR, Role.ADMIN):
        items.extend(INVITER_LINKS)
    seen: set[str] = set()
    return [i for i in items if not (i.endpoint in seen or seen.add(i.endpoint))]
