"""A deterministic synthetic dataset at national scale, written with bulk inserts.

Content (modules and certificate definitions) is synced through the real services first; every
other row is generated here from one seeded random generator and written in batches: PostgreSQL
COPY on PostgreSQL, SQLAlchemy Core ``insert()`` with lists of dicts on SQLite. Every account
shares one precomputed argon2 hash, and every certificate one small placeholder PDF, so the run
spends its time on rows rather than on hashing or rendering. Dates are relative to today (UK), so
the same seed on the same day gives the same data.

The audit trail is generated as a valid keyed hash chain: ``flask --app lms audit verify`` passes
once ``audit checkpoint`` has anchored it (or with ``--no-checkpoints``).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import JSON, Table, func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.accounts.text import email_key
from lms.certificates import number as numbers
from lms.certificates.models import CertificateDefinition
from lms.content.models import Lesson, Module, ModuleVersion, Question, ScenarioAssessment
from lms.db import utcnow
from lms.extensions import db

SCALE_PASSWORD = "scale-password-peer-mentor"  # noqa: S105 - synthetic benchmark data only
EMAIL_DOMAIN = "scale.example"
BATCH = 10_000
MATCH_CYCLE = (
    *("active", "paused", "ended", "active", "ended"),
    *("active", "ended", "active", "ended", "active"),
)

# A minimal, valid one-page PDF: the bytes stored with every synthetic certificate.
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 842 595]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

FIRST_NAMES = [
    "Aaron",
    "Abdul",
    "Aisha",
    "Alan",
    "Alex",
    "Amir",
    "Andrea",
    "Bea",
    "Ben",
    "Carl",
    "Chantelle",
    "Chloe",
    "Dan",
    "Darren",
    "Dean",
    "Dee",
    "Ellie",
    "Femi",
    "Gary",
    "Grace",
    "Hassan",
    "Ian",
    "Imran",
    "Jade",
    "Jamal",
    "Jay",
    "Jo",
    "Kelly",
    "Kev",
    "Kirsty",
    "Lee",
    "Leon",
    "Liam",
    "Lisa",
    "Marcus",
    "Marie",
    "Mo",
    "Nat",
    "Nicky",
    "Omar",
    "Paul",
    "Precious",
    "Rachel",
    "Ravi",
    "Ricky",
    "Rosa",
    "Sam",
    "Sean",
    "Shaz",
    "Sophie",
    "Steve",
    "Tanya",
    "Tom",
    "Tony",
    "Tracy",
    "Wayne",
    "Zara",
]
LAST_NAMES = [
    "Ahmed",
    "Ali",
    "Bailey",
    "Begum",
    "Brown",
    "Campbell",
    "Clarke",
    "Davies",
    "Edwards",
    "Evans",
    "Green",
    "Hall",
    "Harris",
    "Hill",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Khan",
    "Kelly",
    "Lewis",
    "Martin",
    "Mensah",
    "Miah",
    "Morgan",
    "Murphy",
    "Okafor",
    "Patel",
    "Phillips",
    "Roberts",
    "Robinson",
    "Scott",
    "Shah",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
AREAS = [
    "Birmingham",
    "Bradford",
    "Bristol",
    "Cardiff",
    "Coventry",
    "Derby",
    "Doncaster",
    "Hull",
    "Leeds",
    "Leicester",
    "Liverpool",
    "Luton",
    "Manchester",
    "Middlesbrough",
    "Newcastle",
    "Norwich",
    "Nottingham",
    "Oldham",
    "Plymouth",
    "Preston",
    "Salford",
    "Sheffield",
    "Stoke",
    "Sunderland",
    "Swansea",
    "Wakefield",
    "Wolverhampton",
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Wales",
]
LANGUAGES = ("Urdu", "Polish", "Punjabi", "Welsh", "Somali", "Romanian", "Arabic", "BSL")
NEEDS = ("housing", "employment", "substance_use", "mental_health", "debt", "literacy", "family")
GENDERS = ("woman", "man", "man", "man", "non_binary", "not_said")
PRACTICE_KINDS = ("shadowing", "co_worked", "group_supervision", "observed")
PRACTICE_PLACES = ("Probation office", "Prison gate", "Housing desk", "Job centre", "Cafe")
REFLECTION = (
    "I met the person at the gate with my supervisor and we went to the probation office "
    "together. I listened, kept to what I could promise and wrote down what to follow up. "
)
ANSWER = " ".join(["I would keep the boundary, explain why, and tell my coordinator."] * 9)


@dataclass(frozen=True)
class Sizes:
    """How much to make; the defaults are the national scale from issue 7."""

    schemes: int = 20
    people: int = 10_000
    mentees: int = 45_000
    answers: int = 1_000_000
    practice: int = 200_000
    certificates: int = 15_000
    audit_events: int = 100_000

    @classmethod
    def small(cls) -> Sizes:
        """About 3% of the national size: seconds to build, same shape."""
        return cls(3, 300, 1_350, 30_000, 6_000, 450, 3_000)


@dataclass
class Report:
    """What the run made, table by table, and how long it took."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    accounts: dict[str, str] = field(default_factory=dict)


class AlreadyPopulated(RuntimeError):
    """The database already holds people; refuse unless forced."""


# ---------------------------------------------------------------------------
# Writing rows in bulk


class Writer:
    """Buffers rows per table and writes them in batches, parents before children."""

    def __init__(self, conn: Connection, progress: Callable[[int], None]) -> None:
        self.conn = conn
        self.progress = progress
        self.postgres = conn.dialect.name == "postgresql"
        self.order = {t.name: i for i, t in enumerate(db.metadata.sorted_tables)}
        self.buffers: dict[str, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}
        self.next_ids: dict[str, int] = {}

    def new_id(self, table: str) -> int:
        """The next primary key for ``table`` (ids are assigned here, not by the database)."""
        if table not in self.next_ids:
            found = self.conn.execute(text(f"SELECT max(id) FROM {table}")).scalar()  # noqa: S608
            self.next_ids[table] = (found or 0) + 1
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def peek_id(self, table: str) -> int:
        """The id ``new_id`` will hand out next, without taking it."""
        value = self.new_id(table)
        self.next_ids[table] = value
        return value

    def add(self, table: str, row: dict[str, Any]) -> None:
        buffer = self.buffers.setdefault(table, [])
        buffer.append(row)
        if len(buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        for name in sorted(self.buffers, key=lambda n: self.order[n]):
            rows = self.buffers[name]
            if rows:
                self._write(db.metadata.tables[name], rows)
                self.counts[name] = self.counts.get(name, 0) + len(rows)
                self.progress(len(rows))
                self.buffers[name] = []

    def _write(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if not self.postgres:
            self.conn.execute(table.insert(), rows)
            return
        columns = list(rows[0])
        as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}
        cursor = self.conn.connection.dbapi_connection.cursor()
        sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([json.dumps(row[c]) if c in as_json else row[c] for c in columns])

    def finish(self) -> None:
        """Write what is left and move PostgreSQL's id sequences past the ids used here."""
        self.flush()
        if self.postgres:
            for name in self.next_ids:
                self.conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                        f"(SELECT max(id) FROM {name}))"
                    )
                )


# ---------------------------------------------------------------------------
# What the synced content looks like


@dataclass
class ModuleInfo:
    module_id: int
    version_id: int
    slug: str
    pathway: str
    per_attempt: int
    questions_hash: str
    questions: list[tuple[int, int, list[int], bool, str]]  # id, options, correct, must, type
    lessons: list[str]
    scenarios: list[tuple[int, str, list[dict[str, Any]]]]  # id, key, rubric


def _content(session: Session) -> list[ModuleInfo]:
    modules = session.scalars(
        select(Module)
        .where(Module.retired.is_(False), Module.current_version_id.is_not(None))
        .order_by(Module.position, Module.slug)
    ).all()
    found = []
    for module in modules:
        version = session.get(ModuleVersion, module.current_version_id)
        questions = session.scalars(
            select(Question).where(Question.module_version_id == version.id)
        ).all()
        lessons = session.scalars(
            select(Lesson.slug).where(Lesson.module_version_id == version.id)
        ).all()
        scenarios = session.scalars(
            select(ScenarioAssessment).where(ScenarioAssessment.module_version_id == version.id)
        ).all()
        found.append(
            ModuleInfo(
                module_id=module.id,
                version_id=version.id,
                slug=module.slug,
                pathway=version.pathway,
                per_attempt=version.questions_per_attempt,
                questions_hash=version.questions_hash,
                questions=[
                    (
                        q.id,
                        len(q.options),
                        [i for i, o in enumerate(q.options) if o["correct"]],
                        q.must_pass,
                        q.type,
                    )
                    for q in questions
                ],
                lessons=list(lessons),
                scenarios=[(s.id, s.key, list(s.rubric)) for s in scenarios],
            )
        )
    return found


# ---------------------------------------------------------------------------
# The generator


@dataclass
class _Person:
    id: int
    scheme: int  # index into schemes
    name: str
    holder: bool = False
    endorsed: bool = False
    core_passed: int = 0  # how many core modules passed (in order)


class Generator:
    """Makes every synthetic row; ``run`` is the whole job."""

    def __init__(
        self,
        session: Session,
        sizes: Sizes,
        seed: int,
        password_hash: str,
        today: date,
        progress: Callable[[int], None],
    ) -> None:
        self.session = session
        self.sizes = sizes
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        self.hash = password_hash
        self.today = today
        self.now = utcnow().replace(microsecond=0)
        self.w = Writer(session.connection(), progress)
        self.audit: list[dict[str, Any]] = []

    # -- helpers

    def _moment(self, days_ago_max: int, days_ago_min: int = 0) -> datetime:
        """A moment between ``days_ago_max`` and ``days_ago_min`` days ago, whole seconds."""
        seconds = self.rng.randint(days_ago_min * 86_400, max(days_ago_max, 1) * 86_400)
        return self.now - timedelta(seconds=seconds)

    def _day(self, moment: datetime) -> date:
        return moment.date()

    def _at(self, day: date) -> datetime:
        return datetime.combine(day, time(10, self.rng.randint(0, 59)), tzinfo=UTC)

    def _name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def _event(self, when: datetime, actor: tuple[int, str] | None, action: str, **kw: Any):
        self.audit.append(
            {
                "occurred_at": when,
                "actor_id": actor[0] if actor else None,
                "actor_name": actor[1] if actor else "System",
                "action": action,
                "subject_type": kw["subject_type"],
                "subject_id": str(kw["subject_id"]),
                "scheme_id": kw.get("scheme_id"),
                "reason": kw.get("reason", ""),
                "details": kw.get("details", {}),
            }
        )

    # -- the job

    def run(self) -> Report:
        self.content = _content(self.session)
        self.core = [m for m in self.content if m.pathway == "core"]
        self.optional = [m for m in self.content if m.pathway != "core"]
        defs = self.session.scalars(
            select(CertificateDefinition).where(CertificateDefinition.current.is_(True))
        ).all()
        self.definitions = {d.slug: d for d in defs}
        self._schemes()
        self._staff()
        self._people()
        self._training()
        self._scenarios()
        self._practice()
        self._vetting()
        self._certificates()
        self._mentoring()
        self._audit_trail()
        self.w.finish()
        return Report(rows=dict(self.w.counts), accounts=self.accounts)

    def _schemes(self) -> None:
        self.schemes: list[int] = []
        for s in range(self.sizes.schemes):
            scheme_id = self.w.new_id("schemes")
            region = REGIONS[s % len(REGIONS)]
            self.w.add(
                "schemes",
                {
                    "id": scheme_id,
                    "slug": f"scale-{scheme_id}",
                    "name": f"{region} Peer Mentoring {scheme_id}",
                    "contact_email": f"scheme{scheme_id}@{EMAIL_DOMAIN}",
                    "supervision_interval_weeks": 6,
                    "created_at": self._moment(1500, 1200),
                },
            )
            self.schemes.append(scheme_id)

    def _account(
        self, email: str, name: str, roles: Iterable[str], scheme_id: int | None, lead=False
    ) -> int:
        person_id = self.w.new_id("people")
        created = self._moment(1200, 700)
        self.w.add(
            "people",
            {
                "id": person_id,
                "email": email,
                "email_key": email_key(email),
                "name": name,
                "password_hash": self.hash,
                "scheme_id": scheme_id,
                "active": True,
                "lead_trainer": lead,
                "session_token": f"scale{person_id:08d}{self.rng.getrandbits(64):016x}",
                "created_at": created,
                "invited_by_id": None,
                "invited_at": None,
                "password_set_at": created,
                "last_signed_in_at": None,
                "deactivated_at": None,
            },
        )
        for role in roles:
            self.w.add(
                "person_roles",
                {
                    "id": self.w.new_id("person_roles"),
                    "person_id": person_id,
                    "role": role,
                    "granted_at": created,
                },
            )
        return person_id

    def _staff(self) -> None:
        tag = self.schemes[0]
        self.accounts = {}
        email = f"admin{tag}@{EMAIL_DOMAIN}"
        self.admin = (self._account(email, "Ada Admin", ["admin"], None), "Ada Admin")
        self.accounts["admin"] = email
        self.trainers: list[list[tuple[int, str]]] = []
        self.coordinators: list[list[tuple[int, str]]] = []
        for scheme_id in self.schemes:
            trainers, coordinators = [], []
            for k in range(10):
                name = self._name()
                email = f"trainer{scheme_id}-{k}@{EMAIL_DOMAIN}"
                trainers.append(
                    (self._account(email, name, ["trainer"], scheme_id, lead=k == 0), name)
                )
            for k in range(3):
                name = self._name()
                email = f"coordinator{scheme_id}-{k}@{EMAIL_DOMAIN}"
                coordinators.append((self._account(email, name, ["coordinator"], scheme_id), name))
            self.trainers.append(trainers)
            self.coordinators.append(coordinators)
        self.accounts["trainer"] = f"trainer{tag}-1@{EMAIL_DOMAIN}"
        self.accounts["coordinator"] = f"coordinator{tag}-0@{EMAIL_DOMAIN}"

    def _people(self) -> None:
        """Trainee mentors: most hold a certificate (mentors), the rest are still training."""
        sizes = self.sizes
        holders = round(min(sizes.people * 0.85, sizes.certificates / 1.76))
        self.people: list[_Person] = []
        core = len(self.core)
        for i in range(sizes.people):
            scheme = i % len(self.schemes)
            name = self._name()
            email = f"person{self.w.peek_id('people')}@{EMAIL_DOMAIN}"
            p = _Person(self._account(email, name, ["trainee"], self.schemes[scheme]), scheme, name)
            p.holder = i < holders
            p.core_passed = core if p.holder else self.rng.randint(0, core - 1)
            p.endorsed = p.holder and self.rng.random() < 0.3
            self.people.append(p)
        self.rng.shuffle(self.people)  # holders spread over schemes and ids
        self.holders = [p for p in self.people if p.holder]
        self.by_scheme: list[list[_Person]] = [[] for _ in self.schemes]
        for p in self.holders:
            self.by_scheme[p.scheme].append(p)
        # The trainee account the benchmark signs in as: a mentor with a long history.
        first = next((p for p in self.holders if p.scheme == 0), self.people[0])
        self.accounts["trainee"] = f"person{first.id}@{EMAIL_DOMAIN}"

    # -- training: lessons, quiz attempts and answers

    def _training(self) -> None:
        plans: list[tuple[_Person, ModuleInfo, bool]] = []  # (person, module, passes)
        in_progress: list[tuple[_Person, ModuleInfo]] = []
        for p in self.people:
            for m in self.core[: p.core_passed]:
                plans.append((p, m, True))
            if p.endorsed:
                plans.extend((p, m, True) for m in self.optional)
            if not p.holder and p.core_passed < len(self.core) and self.rng.random() < 0.3:
                in_progress.append((p, self.core[p.core_passed]))
        per = self.core[0].per_attempt if self.core else 10
        budget = self.sizes.answers // per
        needed = len(plans) + len(in_progress)
        if needed > budget:  # small sizes: keep the first plans only
            plans = plans[: max(budget - len(in_progress), 0)]
        fails: dict[tuple[int, int], int] = {}
        extra = max(budget - len(plans) - len(in_progress), 0)
        targets = [(p, m) for p, m, _ in plans] + in_progress
        for _ in range(extra if targets else 0):
            p, m = self.rng.choice(targets)
            fails[(p.id, m.module_id)] = fails.get((p.id, m.module_id), 0) + 1
        lessons_done: set[tuple[int, int]] = set()
        for p, m, _ in plans:
            self._attempts(p, m, fails.get((p.id, m.module_id), 0), finish=True)
            lessons_done.add((p.id, m.module_id))
        for p, m in in_progress:
            self._attempts(p, m, fails.get((p.id, m.module_id), 0), finish=False)
            lessons_done.add((p.id, m.module_id))
        modules = {m.module_id: m for m in self.content}
        for person_id, module_id in sorted(lessons_done):
            for slug in modules[module_id].lessons:
                self.w.add(
                    "lesson_progress",
                    {
                        "id": self.w.new_id("lesson_progress"),
                        "person_id": person_id,
                        "module_id": module_id,
                        "lesson_slug": slug,
                        "completed_at": self._moment(800, 60),
                    },
                )

    def _attempts(self, p: _Person, m: ModuleInfo, fails: int, finish: bool) -> None:
        start = self._moment(900, 40)
        step = timedelta(days=2)
        outcomes = [False] * fails + ([True] if finish else [None])
        for n, outcome in enumerate(outcomes):
            started = start + step * n
            attempt_id = self.w.new_id("quiz_attempts")
            drawn = self.rng.sample(m.questions, min(m.per_attempt, len(m.questions)))
            wrong_allowed = 1 if outcome else 3
            must_fail = outcome is False and self.rng.random() < 0.2
            correct_count = 0
            failed_must = False
            rows = []
            for position, (qid, options, right, must, _kind) in enumerate(drawn, start=1):
                order = list(range(options))
                self.rng.shuffle(order)
                selected, correct = None, None
                if outcome is not None:
                    wrong = (not must and wrong_allowed > 0 and self.rng.random() < 0.25) or (
                        must and must_fail
                    )
                    if wrong:
                        wrong_allowed -= 0 if must else 1
                        others = [i for i in range(options) if i not in right] or [0]
                        selected, correct = [self.rng.choice(others)], False
                        failed_must = failed_must or must
                    else:
                        selected, correct = list(right), True
                        correct_count += 1
                rows.append(
                    {
                        "id": self.w.new_id("attempt_questions"),
                        "attempt_id": attempt_id,
                        "question_id": qid,
                        "position": position,
                        "option_order": order,
                        "selected": selected,
                        "correct": correct,
                    }
                )
            total = len(drawn)
            percent = round(100 * correct_count / total) if outcome is not None else None
            passed = None if outcome is None else (percent >= 80 and not failed_must)
            self.w.add(
                "quiz_attempts",
                {
                    "id": attempt_id,
                    "person_id": p.id,
                    "module_id": m.module_id,
                    "module_version_id": m.version_id,
                    "status": "in_progress" if outcome is None else "submitted",
                    "started_at": started,
                    "submitted_at": None if outcome is None else started + timedelta(minutes=9),
                    "correct_count": None if outcome is None else correct_count,
                    "question_count": total,
                    "score_percent": percent,
                    "passed": passed,
                    "failed_must_pass": None if outcome is None else failed_must,
                },
            )
            for row in rows:
                self.w.add("attempt_questions", row)
            if outcome is not None:
                self._event(
                    started + timedelta(minutes=9),
                    (p.id, p.name),
                    "quiz.passed" if passed else "quiz.failed",
                    subject_type="quiz_attempt",
                    subject_id=attempt_id,
                    scheme_id=self.schemes[p.scheme],
                    details={"module": m.slug, "version": 1, "score": f"{correct_count}/{total}"},
                )

    # -- scenario answers and marks; some left in the marking queue

    def _scenarios(self) -> None:
        by_key = {key: (sid, m, rubric) for m in self.content for sid, key, rubric in m.scenarios}
        core_keys = self.definitions["core-peer-mentor"].requirements.get("scenarios", [])
        yp = self.definitions.get("young-people-endorsement")
        yp_keys = yp.requirements.get("scenarios", []) if yp else []
        for p in self.people:
            keys = list(core_keys) if p.holder else []
            if p.endorsed:
                keys += yp_keys
            for key in keys:
                if key in by_key:
                    self._submission(p, key, *by_key[key], marked=True)
            if (
                not p.holder
                and p.core_passed >= min(4, len(self.core) - 1)
                and core_keys
                and self.rng.random() < 0.5
            ):
                key = core_keys[self.rng.randrange(len(core_keys))]
                if key in by_key:
                    self._submission(p, key, *by_key[key], marked=False)

    def _submission(self, p, key, scenario_id, module, rubric, *, marked: bool) -> None:
        submitted = self._moment(700, 30) if marked else self._moment(20, 0)
        marker = self.rng.choice(self.trainers[p.scheme])
        sub_id = self.w.new_id("scenario_submissions")
        claimed = not marked and self.rng.random() < 0.1
        self.w.add(
            "scenario_submissions",
            {
                "id": sub_id,
                "person_id": p.id,
                "scheme_id": self.schemes[p.scheme],
                "module_id": module.module_id,
                "scenario_id": scenario_id,
                "scenario_key": key,
                "attempt_number": 1,
                "status": "marked" if marked else "submitted",
                "answer": ANSWER,
                "created_at": submitted - timedelta(hours=1),
                "updated_at": submitted,
                "submitted_at": submitted,
                "claimed_by_id": marker[0] if marked or claimed else None,
                "claimed_at": submitted + timedelta(days=1) if marked or claimed else None,
                "outcome": "pass" if marked else None,
                "marked_at": submitted + timedelta(days=1) if marked else None,
                "flagged": False,
            },
        )
        if not marked:
            return
        self.w.add(
            "scenario_marks",
            {
                "id": self.w.new_id("scenario_marks"),
                "submission_id": sub_id,
                "marker_id": marker[0],
                "kind": "first",
                "outcome": "pass",
                "criteria": [
                    {"id": c["id"], "criterion": c["criterion"], "met": True, "comment": ""}
                    for c in rubric
                ],
                "feedback": "Clear and safe. Well done.",
                "marked_at": submitted + timedelta(days=1),
            },
        )
        self._event(
            submitted + timedelta(days=1),
            marker,
            "scenario.marked",
            subject_type="scenario_submission",
            subject_id=sub_id,
            scheme_id=self.schemes[p.scheme],
            details={"outcome": "pass", "scenario": key},
        )

    # -- practice log

    def _practice(self) -> None:
        budget = self.sizes.practice
        made = 0
        for p in self.holders:  # what the certificate needs: 20 hours, 4 sessions, 2 observed
            for k in range(6):
                if made >= budget:
                    return
                self._entry(p, "observed" if k < 2 else "co_worked", 300, "confirmed", k < 2)
                made += 1
        while made < budget:
            p = self.rng.choice(self.people)
            roll = self.rng.random()
            status = (
                "confirmed"
                if roll < 0.7
                else "pending"
                if roll < 0.85
                else "rejected"
                if roll < 0.95
                else "withdrawn"
            )
            kind = self.rng.choice(PRACTICE_KINDS)
            minutes = 15 * self.rng.randint(2, 16)
            self._entry(p, kind, minutes, status, kind == "observed" and status == "confirmed")
            made += 1

    def _entry(self, p: _Person, kind: str, minutes: int, status: str, signed: bool) -> None:
        supervisor = self.rng.choice(self.trainers[p.scheme])
        logged = self._moment(20 if status == "pending" else 800, 1)
        decided = status in ("confirmed", "rejected")
        entry_id = self.w.new_id("practice_entries")
        self.w.add(
            "practice_entries",
            {
                "id": entry_id,
                "person_id": p.id,
                "scheme_id": self.schemes[p.scheme],
                "supervisor_id": supervisor[0],
                "session_date": self._day(logged) - timedelta(days=1),
                "duration_minutes": minutes,
                "kind": kind,
                "location": self.rng.choice(PRACTICE_PLACES),
                "reflection": REFLECTION * 2,
                "status": status,
                "created_at": logged,
                "updated_at": logged,
                "decided_by_id": supervisor[0] if decided else None,
                "decided_at": logged + timedelta(days=2) if decided else None,
                "decision_reason": "Check the date." if status == "rejected" else None,
            },
        )
        if signed:
            self.w.add(
                "observation_signoffs",
                {
                    "id": self.w.new_id("observation_signoffs"),
                    "entry_id": entry_id,
                    "observer_id": supervisor[0],
                    "checklist": [],
                    "outcome": "passed",
                    "comments": "",
                    "signed_at": logged + timedelta(days=2),
                },
            )

    # -- vetting

    def _vetting(self) -> None:
        for p in self.people:
            if not p.holder and self.rng.random() < 0.5:
                continue
            coordinator = self.coordinators[p.scheme][0]
            checks = 2 if self.rng.random() < 0.2 else 1
            for n in range(checks):
                issued = self.today - timedelta(days=self.rng.randint(30, 700) + 1100 * n)
                level = "enhanced_barred" if p.endorsed else "enhanced"
                recheck = issued + timedelta(days=1095)
                if n == 0 and self.rng.random() < 0.03:
                    recheck = self.today - timedelta(days=self.rng.randint(1, 60))
                    recheck = max(recheck, issued)
                self.w.add(
                    "vetting_checks",
                    {
                        "id": self.w.new_id("vetting_checks"),
                        "person_id": p.id,
                        "scheme_id": self.schemes[p.scheme],
                        "level": level,
                        "certificate_date": issued,
                        "update_service": self.rng.random() < 0.4,
                        "recheck_due": recheck,
                        "recorded_by_id": coordinator[0],
                        "recorded_at": self._at(issued + timedelta(days=3)),
                    },
                )

    # -- certificates in every state

    def _number(self) -> str:
        while True:
            data = "".join(self.rng.choice(numbers.ALPHABET) for _ in range(numbers.DATA_LENGTH))
            candidate = numbers._format(data, numbers.check_symbol(data))
            if candidate not in self.numbers:
                self.numbers.add(candidate)
                return candidate

    def _certificates(self) -> None:
        self.numbers: set[str] = set(self.session.scalars(text("SELECT number FROM certificates")))
        self.practising: set[int] = set()
        self.cert_numbers: list[str] = []
        core = self.definitions["core-peer-mentor"]
        yp = self.definitions.get("young-people-endorsement")
        hashes = {m.slug: m.questions_hash for m in self.content}
        sha = hashlib.sha256(PLACEHOLDER_PDF).hexdigest()
        left = self.sizes.certificates - len(self.holders)
        endorsed = [p for p in self.holders if p.endorsed] if yp else []
        yp_count = min(round(max(left, 0) * 0.3), len(endorsed))
        superseded = max(left - yp_count, 0)
        renewed = {p.id for p in self.holders[:superseded]}
        for p in self.holders:
            previous = None
            if p.id in renewed:
                previous = self._certificate(p, core, "superseded", hashes, sha)
            roll = self.rng.random()
            state = (
                "valid"
                if roll < 0.62
                else "expiring"
                if roll < 0.72
                else "expired"
                if roll < 0.85
                else "suspended"
                if roll < 0.92
                else "revoked"
            )
            self._certificate(p, core, state, hashes, sha, supersedes=previous)
            if state in ("valid", "expiring"):
                self.practising.add(p.id)
        for p in endorsed[:yp_count]:
            self._certificate(p, yp, self.rng.choice(("valid", "valid", "expiring")), hashes, sha)

    def _certificate(self, p, definition, state, hashes, sha, supersedes=None):
        validity = definition.validity_months * 30
        if state == "valid":
            valid_until = self.today + timedelta(days=self.rng.randint(61, validity - 1))
        elif state == "expiring":
            valid_until = self.today + timedelta(days=self.rng.randint(0, 60))
        elif state == "superseded":
            valid_until = self.today - timedelta(days=self.rng.randint(400, 700))
        else:
            valid_until = self.today + timedelta(days=self.rng.randint(-300, 400))
            if state == "expired":
                valid_until = self.today - timedelta(days=self.rng.randint(1, 300))
        valid_from = valid_until - timedelta(days=validity)
        issued = self._at(valid_from)
        issuer = self.rng.choice(self.trainers[p.scheme])
        cert_id = self.w.new_id("certificates")
        number = self._number()
        self.cert_numbers.append(number)
        current = state not in ("superseded", "revoked")
        row = {
            "id": cert_id,
            "number": number,
            "person_id": p.id,
            "scheme_id": self.schemes[p.scheme],
            "definition_id": definition.id,
            "definition_slug": definition.slug,
            "holder_name": p.name,
            "competences": list(definition.competences),
            "module_hashes": {
                s: hashes.get(s, "") for s in definition.requirements.get("modules", [])
            },
            "issued_by_id": issuer[0],
            "issued_at": issued,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "current": current,
            "supersedes_id": supersedes[0] if supersedes else None,
            "superseded_at": None,
            "suspended_at": None,
            "suspended_reason": None,
            "review_date": None,
            "revoked_at": None,
            "revoked_reason": None,
            # Most expiries are already recorded; the rest are work for the sweep.
            "expiry_recorded_at": None,
            "reminders_sent": [],
            "pdf": PLACEHOLDER_PDF,
            "pdf_sha256": sha,
        }
        scheme_id = self.schemes[p.scheme]
        coordinator = self.coordinators[p.scheme][0]
        if state == "superseded":
            row["superseded_at"] = self._at(valid_until - timedelta(days=30))
        elif state == "expired" and self.rng.random() < 0.8:
            row["expiry_recorded_at"] = self._at(valid_until + timedelta(days=1))
        elif state == "expiring" and (valid_until - self.today).days <= 30:
            row["reminders_sent"] = [60]
        elif state == "suspended":
            row["suspended_at"] = self._moment(60, 1)
            row["suspended_reason"] = "A concern was raised and is being looked into."
            row["review_date"] = self.today + timedelta(days=self.rng.randint(1, 30))
            self._event(row["suspended_at"], coordinator, "certificate.suspended",
                        subject_type="certificate", subject_id=number, scheme_id=scheme_id,
                        reason=row["suspended_reason"])  # fmt: skip
        elif state == "revoked":
            row["revoked_at"] = self._moment(300, 1)
            row["revoked_reason"] = "Revoked after a review of conduct."
            self._event(row["revoked_at"], self.admin, "certificate.revoked",
                        subject_type="certificate", subject_id=number, scheme_id=scheme_id,
                        reason=row["revoked_reason"])  # fmt: skip
        self.w.add("certificates", row)
        self._event(
            issued,
            issuer,
            "certificate.renewed" if supersedes else "certificate.issued",
            subject_type="certificate",
            subject_id=number,
            scheme_id=scheme_id,
            details={"definition": definition.slug, "holder_id": p.id},
        )
        return (cert_id, number)

    # -- mentor profiles, supervision, mentees, matches and conflicts

    def _mentoring(self) -> None:
        capacity: dict[int, int] = {}
        for p in self.holders:
            cap = self.rng.randint(1, 4)
            capacity[p.id] = cap
            area = AREAS[(p.scheme * 3 + self.rng.randrange(3)) % len(AREAS)]
            self.w.add(
                "mentor_profiles",
                {
                    "id": self.w.new_id("mentor_profiles"),
                    "person_id": p.id,
                    "available": self.rng.random() < 0.9,
                    "capacity": cap,
                    "area": area,
                    "languages": ["English"]
                    + ([self.rng.choice(LANGUAGES)] if self.rng.random() < 0.2 else []),
                    "gender": self.rng.choice(GENDERS),
                    "needs_experience": self.rng.sample(NEEDS, self.rng.randint(1, 3)),
                    "interests": "Football, cooking and walking.",
                    "updated_at": self._moment(300),
                },
            )
            for n in range(3):
                weeks = self.rng.randint(0, 9) + 6 * n
                held = self.today - timedelta(weeks=weeks, days=self.rng.randint(0, 6))
                self.w.add(
                    "supervision_sessions",
                    {
                        "id": self.w.new_id("supervision_sessions"),
                        "mentor_id": p.id,
                        "supervisor_id": self.rng.choice(self.trainers[p.scheme])[0],
                        "held_on": held,
                        "wellbeing": "Doing well; a hard week with one mentee, talked it through.",
                        "support_agreed": "Check in again next month.",
                        "recorded_at": self._at(held),
                    },
                )
        load: dict[int, int] = {}
        matched = 0
        for i in range(self.sizes.mentees):
            s = i % len(self.schemes)
            scheme_id = self.schemes[s]
            coordinator = self.coordinators[s][i % 3]
            mentee_id = self.w.new_id("mentees")
            custody = self.rng.random() < 0.2
            mappa = self.rng.choice((1, 2, 3)) if self.rng.random() < 0.03 else None
            high_risk = self.rng.random() < 0.05
            created = self._moment(900, 1)
            self.w.add(
                "mentees",
                {
                    "id": mentee_id,
                    "scheme_id": scheme_id,
                    "reference": f"M{scheme_id}-{mentee_id:07d}",
                    "area": AREAS[(s * 3 + self.rng.randrange(3)) % len(AREAS)],
                    "gender": self.rng.choice(GENDERS),
                    "gender_preference": "none" if self.rng.random() < 0.85 else "woman",
                    "under_18": self.rng.random() < 0.05,
                    "needs": self.rng.sample(NEEDS, self.rng.randint(1, 3)),
                    "languages": ["English"],
                    "in_custody": custody,
                    "release_date": self.today + timedelta(days=self.rng.randint(1, 90))
                    if custody
                    else None,
                    "mappa_level": mappa,
                    "high_risk": high_risk,
                    "probation_agreed": (mappa is not None or high_risk)
                    and self.rng.random() < 0.5,
                    "restricted_notes": "",
                    "created_by_id": coordinator[0],
                    "created_at": created,
                    "anonymised_at": None,
                },
            )
            mentors = self.by_scheme[s]
            if not mentors or self.rng.random() >= 0.3:
                if mentors and self.rng.random() < 0.01:
                    mentor = self.rng.choice(mentors)
                    self.w.add(
                        "declared_conflicts",
                        {
                            "id": self.w.new_id("declared_conflicts"),
                            "mentor_id": mentor.id,
                            "mentee_id": mentee_id,
                            "kind": self.rng.choice(("co_defendant", "associate", "family")),
                            "recorded_by_id": coordinator[0],
                            "recorded_at": created,
                        },
                    )
                continue
            mentor = self.rng.choice(mentors)
            # A fixed cycle (5 active, 1 paused, 4 ended) so even a tiny scheme has every kind.
            status = MATCH_CYCLE[matched % len(MATCH_CYCLE)]
            matched += 1
            if status != "ended":
                if load.get(mentor.id, 0) >= capacity[mentor.id]:
                    status = "ended"
                else:
                    load[mentor.id] = load.get(mentor.id, 0) + 1
            self._match(scheme_id, mentor, mentee_id, status, coordinator, created)

    def _match(self, scheme_id, mentor, mentee_id, status, coordinator, created) -> None:
        match_id = self.w.new_id("matches")
        activated = created + timedelta(days=self.rng.randint(1, 20))
        paused = status == "paused"
        ended = status == "ended"
        self.w.add(
            "matches",
            {
                "id": match_id,
                "scheme_id": scheme_id,
                "mentor_id": mentor.id,
                "mentee_id": mentee_id,
                "status": status,
                "created_by_id": coordinator[0],
                "created_at": created,
                "activated_at": activated,
                "paused_at": activated + timedelta(days=30) if paused else None,
                "paused_reason": "The mentor's certificate stopped being valid."
                if paused
                else None,
                "ended_at": activated + timedelta(days=60) if ended else None,
                "ended_reason": "Support finished: housed and working." if ended else None,
                "end_requested_by": "scheme" if ended else None,
            },
        )
        details = {"mentor_id": mentor.id, "mentee_id": mentee_id}
        self._event(activated, coordinator, "match.activated", subject_type="match",
                    subject_id=match_id, scheme_id=scheme_id, details=details)  # fmt: skip
        if ended:
            self._event(activated + timedelta(days=60), coordinator, "match.ended",
                        subject_type="match", subject_id=match_id, scheme_id=scheme_id,
                        reason="Support finished.", details=details)  # fmt: skip

    # -- the audit trail, as a valid hash chain in time order

    def _audit_trail(self) -> None:
        from lms.audit.seal import GENESIS, seal
        from lms.audit.services import audit_keys

        keys = audit_keys()

        filler = 0
        while len(self.audit) < self.sizes.audit_events:
            p = self.people[filler % len(self.people)] if self.people else None
            filler += 1
            self._event(
                self._moment(900, 1),
                (p.id, p.name) if p else self.admin,
                "practice.submitted",
                subject_type="practice_entry",
                subject_id=filler,
                scheme_id=self.schemes[p.scheme] if p else None,
            )
        # Decisions first; quiz results fill what is left of the budget.
        decisions = [e for e in self.audit if not e["action"].startswith("quiz.")]
        quizzes = [e for e in self.audit if e["action"].startswith("quiz.")]
        self.rng.shuffle(quizzes)
        budget = self.sizes.audit_events
        self.audit = (decisions + quizzes)[:budget]
        self.audit.sort(key=lambda e: e["occurred_at"])
        last = self.session.scalar(text("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1"))
        prev = last or GENESIS
        for event in self.audit:
            event["prev_hash"] = prev
            sealed = SimpleNamespace(**event)
            event["hash"] = prev = seal(sealed, keys)
            event["seal"] = sealed.seal
            event["id"] = self.w.new_id("audit_events")
            self.w.add("audit_events", event)
        self.audit = []


# ---------------------------------------------------------------------------
# Entry point used by the command


def estimate_rows(sizes: Sizes) -> int:
    """Roughly how many rows a run writes (for the progress bar)."""
    return int(
        sizes.people * 2.2
        + sizes.answers * 1.1
        + sizes.people * 4 * 3
        + sizes.practice * 1.03
        + sizes.certificates
        + sizes.mentees * 1.35
        + sizes.people * 5
        + sizes.audit_events
    )


def has_people(session: Session) -> bool:
    return (session.scalar(select(func.count(Person.id))) or 0) > 0


def generate(
    session: Session,
    sizes: Sizes,
    *,
    seed: int,
    password_hash: str,
    today: date,
    progress: Callable[[int], None] = lambda n: None,
    force: bool = False,
    sync_content: bool = True,
) -> Report:
    """Sync the content, then write the whole dataset in one transaction; the caller commits.

    ``sync_content=False`` uses the modules and certificate definitions already in the database
    (tests make small ones with their factories).
    """
    import time as clock

    from lms.certificates.definitions import DEFAULT_CERTIFICATES_ROOT, sync_all
    from lms.content.loader import DEFAULT_ROOT

    if has_people(session) and not force:
        raise AlreadyPopulated(
            "This database already has people in it. seed-scale adds tens of thousands of "
            "synthetic accounts: use an empty database, or pass --force to add them anyway."
        )
    started = clock.perf_counter()
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        # A synthetic bulk load: durability of each batch does not matter, speed does.
        conn.exec_driver_sql("PRAGMA synchronous=OFF")
    if sync_content:
        sync_all(session, DEFAULT_ROOT, DEFAULT_CERTIFICATES_ROOT)
        session.flush()
    report = Generator(session, sizes, seed, password_hash, today, progress).run()
    report.seconds = clock.perf_counter() - started
    return report


def analyse(session: Session) -> None:
    """Refresh the planner's statistics after a bulk load (run after commit).

    On PostgreSQL also VACUUM, outside any transaction: it marks the freshly written pages
    all-visible, so index-only scans need not visit the table, as autovacuum would soon do on a
    live database.
    """
    engine = session.get_bind()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        return
    session.execute(text("ANALYZE"))
    session.commit()
