"""Is a person eligible for a certificate? Every requirement, met or not, with progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from blinker import ANY
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment.disagreements import certificates_relying_on
from lms.assessment.models import PASS, ScenarioSubmission
from lms.certificates.models import Certificate, CertificateDefinition
from lms.certificates.status import allows_practice, status_on
from lms.practice.models import PATHWAY_PEOPLE
from lms.practice.requirements import PracticeNeeds, for_scheme
from lms.practice.services import totals
from lms.training.services import PASSED, learning_path
from lms.ukdates import uk_date
from lms.vetting.latest import counting, latest_order
from lms.vetting.models import LEVEL_ORDER, LEVELS, VettingCheck


@dataclass(frozen=True)
class Requirement:
    """One requirement of a definition and where the person stands on it."""

    code: str
    label: str
    met: bool
    progress: str


@dataclass
class Eligibility:
    """The outcome of checking a person against a definition."""

    definition: CertificateDefinition
    items: list[Requirement] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def unmet(self) -> list[Requirement]:
        return [item for item in self.items if not item.met]


def _still(names: list[str]) -> str:
    return f" Still to do: {', '.join(names)}." if names else ""


def latest_vetting(session: Session, person: Person) -> VettingCheck | None:
    stmt = (
        select(VettingCheck)
        .where(VettingCheck.person_id == person.id, counting())
        .order_by(*latest_order())
        .limit(1)
    )
    return session.scalars(stmt).first()


def vetting_requirement(check: VettingCheck | None, level: str, today: date) -> Requirement:
    """A DBS check at ``level`` or higher whose recheck is not yet due."""
    label = f"DBS check: {LEVELS[level].lower()} or higher, not due for a recheck"
    if check is None:
        return Requirement("vetting", label, False, "No DBS check has been recorded yet.")
    if LEVEL_ORDER.index(check.level) < LEVEL_ORDER.index(level):
        return Requirement(
            "vetting", label, False, f"The check recorded is {check.level_label.lower()}."
        )
    # The recheck date as it counts: capped at the scheme's interval (lms.vetting.dates).
    due = check.effective_recheck_due
    if due < today:
        return Requirement("vetting", label, False, f"A recheck was due on {uk_date(due)}.")
    progress = f"{check.level_label}, recheck due {uk_date(due)}."
    return Requirement("vetting", label, True, progress)


def scenarios_requirement(session: Session, person: Person, wanted: list[str]) -> Requirement:
    """Each scenario passed. A flagged answer (its markers disagree) does not count until the
    disagreement is resolved to a pass; the progress says how many are being second-marked."""
    rows = session.execute(
        select(
            ScenarioSubmission.scenario_key, ScenarioSubmission.outcome, ScenarioSubmission.flagged
        ).where(
            ScenarioSubmission.person_id == person.id,
            ScenarioSubmission.scenario_key.in_(wanted),
        )
    ).all()
    done = {key for key, outcome, flagged in rows if outcome == PASS and not flagged}
    held = {key for key, _, flagged in rows if flagged} - done
    missing = [s for s in wanted if s not in done]
    progress = f"{len(wanted) - len(missing)} of {len(wanted)} passed."
    if held:
        answers = "1 answer is" if len(held) == 1 else f"{len(held)} answers are"
        progress += (
            f" {answers} being second-marked: a pass counts once the disagreement is resolved."
        )
    return Requirement("scenarios", "Scenario answers passed", not missing, progress)


@certificates_relying_on.connect_via(ANY, weak=False)
def certificates_needing(submission: ScenarioSubmission, *, session: Session, **_) -> list[str]:
    """Numbers of the trainee's current certificates whose definition required the scenario of
    ``submission`` (asked when a resolve turns its pass into a refer)."""
    stmt = (
        select(Certificate.number, CertificateDefinition.requirements)
        .join(CertificateDefinition, CertificateDefinition.id == Certificate.definition_id)
        .where(Certificate.person_id == submission.person_id, Certificate.current)
    )
    return [
        number
        for number, req in session.execute(stmt)
        if submission.scenario_key in ((req or {}).get("scenarios") or [])
    ]


def current_certificates(session: Session, person: Person) -> list[Certificate]:
    stmt = select(Certificate).where(Certificate.person_id == person.id, Certificate.current)
    return list(session.scalars(stmt))


def evaluate(
    session: Session, person: Person, definition: CertificateDefinition, today: date
) -> Eligibility:
    """Check ``person`` against every requirement of ``definition`` as it stands ``today``."""
    req = definition.requirements
    result = Eligibility(definition)
    if req.get("certificates"):
        held = current_certificates(session, person)
        windows = {d.slug: d.renewal_window_days for d in _definitions(session, held)}
        good = {
            c.definition_slug
            for c in held
            if allows_practice(status_on(c, today, windows.get(c.definition_slug, 0)))
        }
        titles = _titles(session, req["certificates"])
        missing = [titles.get(s, s) for s in req["certificates"] if s not in good]
        result.items.append(
            Requirement(
                "certificates",
                "Holds " + ", ".join(titles.get(s, s) for s in req["certificates"]),
                not missing,
                "Held and valid."
                if not missing
                else f"Not held or not valid: {', '.join(missing)}.",
            )
        )
    if req.get("modules"):
        path = {e.module.slug: e for e in learning_path(session, person)}
        wanted = req["modules"]
        passed = [s for s in wanted if s in path and path[s].status == PASSED]
        missing = [path[s].version.title if s in path else s for s in wanted if s not in passed]
        result.items.append(
            Requirement(
                "modules",
                "Training modules passed",
                not missing,
                f"{len(passed)} of {len(wanted)} passed.{_still(missing)}",
            )
        )
    if req.get("scenarios"):
        result.items.append(scenarios_requirement(session, person, req["scenarios"]))
    needs = PracticeNeeds(
        req.get("min_hours", 0), req.get("min_sessions", 0), req.get("min_observed", 0)
    )
    pathway = req.get("practice_pathway")
    if not pathway:  # the scheme may ask for more general practice (never for less)
        needs = for_scheme(needs, person.scheme)
    if needs.hours or needs.sessions or needs.observed:
        done = totals(session, person, needs, pathway)
        with_whom = f" with {PATHWAY_PEOPLE[pathway]}" if pathway else ""
        if needs.hours:
            result.items.append(
                Requirement(
                    "hours",
                    "Supervised hours confirmed",
                    done.hours_met,
                    f"Supervised hours{with_whom}: {done.hours_text} of {needs.hours} confirmed.",
                )
            )
        if needs.sessions:
            result.items.append(
                Requirement(
                    "sessions",
                    "Practice sessions confirmed",
                    done.sessions_met,
                    f"Sessions{with_whom}: {done.sessions} of {needs.sessions} confirmed.",
                )
            )
        if needs.observed:
            result.items.append(
                Requirement(
                    "observed",
                    "Observed sessions passed",
                    done.observed_met,
                    f"Observed sessions{with_whom}: {done.observed_passed} of {needs.observed} "
                    "passed.",
                )
            )
    if req.get("vetting_level"):
        check = latest_vetting(session, person)
        result.items.append(vetting_requirement(check, req["vetting_level"], today))
    return result


def _definitions(session: Session, certificates: list[Certificate]):
    ids = {c.definition_id for c in certificates}
    if not ids:
        return []
    return session.scalars(select(CertificateDefinition).where(CertificateDefinition.id.in_(ids)))


def _titles(session: Session, slugs: list[str]) -> dict[str, str]:
    stmt = select(CertificateDefinition.slug, CertificateDefinition.title).where(
        CertificateDefinition.slug.in_(slugs), CertificateDefinition.current.is_(True)
    )
    return dict(session.execute(stmt).all())
