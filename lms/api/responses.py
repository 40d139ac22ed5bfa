"""What the JSON API answers, as pydantic models: the OpenAPI document's response schemas.

The endpoints build plain dicts (the busiest ones stay fast that way); these models describe
them, the document is generated from them (``lms.api.openapi_kit``), and
``tests/functional/test_api_responses.py`` validates a real answer of every documented response
against its model and its schema. Enums come from the domain's own constants.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, create_model

from lms.api.errors import INPUT_ERRORS
from lms.certificates.number import ALPHABET, PREFIX
from lms.certificates.status import LABELS, PUBLIC
from lms.core.health import CHECKS, OK, RESULTS, UNAVAILABLE
from lms.matching.gate import CODES, KINDS
from lms.matching.models import ACTIVE, CONTACT_KINDS, ENDED, NEEDS, PAUSED, PROPOSED

_SYMBOL = f"[{ALPHABET}]"
NUMBER_PATTERN = f"^{PREFIX}-{_SYMBOL}{{4}}-{_SYMBOL}{{4}}-{_SYMBOL}$"
EXAMPLE_NUMBER = "PM-7K3Q-9XWD-H"

PUBLIC_STATUSES = tuple(dict.fromkeys(PUBLIC.values()))  # valid, expired, not_valid
PublicStatus = Literal[PUBLIC_STATUSES]  # type: ignore[valid-type]
ExactStatus = Literal[tuple(LABELS)]  # type: ignore[valid-type]
MatchStatus = Literal[PROPOSED, ACTIVE, PAUSED, ENDED]  # type: ignore[valid-type]
Need = Literal[tuple(NEEDS)]  # type: ignore[valid-type]
ReasonCode = Literal[tuple(CODES)]  # type: ignore[valid-type]
ReasonKind = Literal[tuple(KINDS)]  # type: ignore[valid-type]
CheckResult = Literal[RESULTS]  # type: ignore[valid-type]
PositiveInt = Annotated[int, Field(ge=1)]


class Closed(BaseModel):
    """An answer with exactly these fields: a leaked field fails the response checks."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------
# Public answers


class CertificateType(Closed):
    """Which certificate it is."""

    slug: str = Field(examples=["core-peer-mentor"])
    title: str = Field(examples=["Peer Mentor Certificate"])


class CredentialLinks(Closed):
    """The signed Open Badges credential (the holder may download it), the public revocation
    and suspension status lists (the credential names its entries), the issuer's DID document."""

    credential: str = Field(json_schema_extra={"format": "uri"})
    status: list[str] = Field(
        examples=[["https://mentors.example.org/credentials/status/revocation"]]
    )
    did: str = Field(json_schema_extra={"format": "uri"})


class Certificate(Closed):
    """A certificate as anyone holding it may see it."""

    number: str = Field(
        description="The canonical certificate number.",
        pattern=NUMBER_PATTERN,
        examples=[EXAMPLE_NUMBER],
    )
    holder_name: str = Field(examples=["Sam Taylor"])
    certificate: CertificateType
    competences: list[str] = Field(
        description="Codes of what the holder is certified to do.",
        examples=[["peer-mentoring", "safeguarding"]],
    )
    issued_on: date
    valid_until: date = Field(description="The last day the certificate is valid (UK time).")
    status: PublicStatus = Field(
        description=(
            "`not_valid` covers every reason a certificate stopped being valid before its end "
            "date; the reason is not given."
        )
    )
    verify_url: str = Field(
        description="The page a person can open to check the certificate.",
        json_schema_extra={"format": "uri"},
    )
    links: CredentialLinks = Field(
        description="Where the signed Open Badges credential, its status and its issuer are."
    )


class Error(Closed):
    """An error: a stable code and what went wrong."""

    error: str = Field(
        description="A stable code, such as `not_found` or `rate_limited`.",
        examples=["not_found"],
    )
    message: str = Field(description="What went wrong, in plain words.")


HealthChecks = create_model(
    "HealthChecks",
    __config__=ConfigDict(extra="forbid"),
    __doc__=(
        "`read`: a query through the certificate checks' pool; `write`: a committed write to a "
        "one-row table. `not_run` follows a failure; `busy` means another writer holds the lock "
        "(the database takes writes: ready)."
    ),
    **dict.fromkeys(CHECKS, (CheckResult, ...)),
)


class Health(Closed):
    """Whether the service can read and write its database."""

    status: Literal[OK, UNAVAILABLE]  # type: ignore[valid-type]
    checks: HealthChecks  # type: ignore[valid-type]


class OpenApiDocument(BaseModel):
    """An OpenAPI 3.1 document (this one)."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]


# ---------------------------------------------------------------------------
# Answers to calls made with a scheme's key


class SchemeCertificate(Certificate):
    """A certificate as its own scheme sees it with a key: the exact status, suspended too."""

    status: ExactStatus  # type: ignore[assignment]


class FoundCertificate(Certificate):
    """A number that was found: the exact status if it is the key's scheme's, else the public."""

    status: Literal[tuple(dict.fromkeys([*LABELS, *PUBLIC_STATUSES]))]  # type: ignore[assignment,valid-type]
    found: Literal[True]


class NotFound(Closed):
    """A number that no certificate has."""

    number: str
    found: Literal[False]


class VerifyResults(Closed):
    """A result for each number, in the order sent."""

    results: list[NotFound | FoundCertificate]


class FieldProblem(Closed):
    field: str
    message: str


class InputError(Closed):
    """The request itself is wrong; `fields` names each problem."""

    error: Literal[INPUT_ERRORS]  # type: ignore[valid-type]
    message: str
    fields: list[FieldProblem] = Field(default_factory=list)


class Reason(Closed):
    """Why the gate holds a mentor back from this mentee."""

    code: ReasonCode
    message: str


class MentorCertificate(Closed):
    number: str
    certificate: str
    status: ExactStatus
    valid_until: date


class Mentor(Closed):
    id: int
    name: str
    certificates: list[MentorCertificate]
    matchable: bool
    reasons: list[Reason]


class MentorList(Closed):
    """One page of the scheme's mentors, by name."""

    page: PositiveInt
    per_page: PositiveInt
    total: NonNegativeInt = Field(description="Mentors on every page.")
    mentors: list[Mentor]


class Mentee(Closed):
    """A registered mentee, under their pseudonymous reference."""

    reference: str
    area: str
    under_18: bool
    womens_pathway: bool
    needs: list[Need]
    release_date: date | None


class EligibleMentor(Closed):
    mentor_id: int
    name: str
    score: float
    fit: list[str]


class BlockedMentor(Closed):
    mentor_id: int
    name: str
    reasons: list[Reason]


class Candidates(Closed):
    """A page of eligible mentors (best fit first) and of blocked ones (nearest first)."""

    mentee: str
    page: PositiveInt
    per_page: PositiveInt
    eligible_total: NonNegativeInt
    blocked_total: NonNegativeInt
    blocked_by_reason: dict[ReasonKind, PositiveInt] = Field(
        description=(
            "How many blocked mentors (on every page) each kind of reason holds back; a mentor "
            "can count under several. Kinds with none are left out."
        )
    )
    eligible: list[EligibleMentor]
    blocked: list[BlockedMentor]


class Match(Closed):
    """A match the gate allowed."""

    id: int
    mentor_id: int
    mentee_reference: str
    status: MatchStatus
    created_at: datetime


class NotMatchable(Closed):
    """Refused: `not_eligible` with every reason, or another code (`already_matched`...)."""

    error: str
    message: str
    reasons: list[Reason] = Field(default_factory=list)


class MatchDetail(Match):
    """A match of the key's scheme and where it stands; times are UTC, null until they happen."""

    activated_at: datetime | None = Field(description="When the match became active.")
    accepted_at: datetime | None = Field(
        description="When the mentor accepted it (null if a coordinator made it active)."
    )
    paused_at: datetime | None
    ended_at: datetime | None
    end_asked_at: datetime | None = Field(description="When the mentor asked to end it.")
    last_contact: date | None = Field(description="The date of the latest contact logged.")


class Contact(Closed):
    """One contact the mentor logged: the note is the scheme's own record (factual, minimal)."""

    id: int
    held_on: date
    kind: Literal[tuple(CONTACT_KINDS)]  # type: ignore[valid-type]
    minutes: int = Field(ge=1, le=1440)
    note: str
    concern: bool
    concern_reviewed_at: datetime | None = Field(description="When a concern was looked at.")
    recorded_at: datetime


class ContactList(Closed):
    """A match's contacts, newest first."""

    match_id: int
    contacts: list[Contact]
