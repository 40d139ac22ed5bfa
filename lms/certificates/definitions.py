"""Certificate definitions from ``certificates/<slug>/``: checked like modules, synced by hash."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.certificates.models import CertificateDefinition
from lms.content.loader import ModuleSource, content_hash
from lms.content.reader import Problem, Reader, line_at
from lms.content.schema import SLUG_PATTERN

DEFAULT_CERTIFICATES_ROOT = Path(__file__).resolve().parent.parent.parent / "certificates"
DESIGN_FILES = ("design/certificate.html", "design/certificate.css")


class Requirements(BaseModel):
    """What a person must have done to be eligible."""

    model_config = ConfigDict(extra="forbid", strict=True)

    certificates: list[str] = Field(default_factory=list)
    modules: list[str] = Field(default_factory=list)
    scenarios: list[str] = Field(default_factory=list)
    min_hours: int = Field(ge=0, le=1000)
    min_sessions: int = Field(ge=0, le=1000)
    min_observed: int = Field(ge=0, le=100)
    vetting_level: str | None = Field(default=None, pattern="^(basic|standard|enhanced(_barred)?)$")
    # Only practice logged as with this pathway's people counts towards the figures above.
    practice_pathway: Literal["young-people", "women"] | None = None


class DefinitionSpec(BaseModel):
    """The shape of certificate.yaml."""

    model_config = ConfigDict(extra="forbid", strict=True)

    slug: str = Field(pattern=SLUG_PATTERN, max_length=80)
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(min_length=1)
    competences: list[str] = Field(min_length=1)
    validity_months: int = Field(ge=1, le=120)
    renewal_window_days: int = Field(ge=0, le=365)
    requirements: Requirements


@dataclass(frozen=True)
class DefinitionSource:
    """A definition folder that checked clean."""

    spec: DefinitionSpec
    path: Path
    content_hash: str


def load_definitions(
    root: Path, modules: list[ModuleSource]
) -> tuple[list[DefinitionSource], list[Problem]]:
    """Read every ``certificate.yaml`` under ``root`` and check it against the modules."""
    reader = Reader()
    found: list[DefinitionSource] = []
    nodes = {}
    folders = sorted(p for p in Path(root).iterdir() if p.is_dir()) if Path(root).is_dir() else []
    for folder in folders:
        path = folder / "certificate.yaml"
        if not path.exists():
            reader.add(folder, None, "no certificate.yaml in this certificate folder")
            continue
        parsed = reader.yaml(path)
        if parsed is None:
            continue
        data, node = parsed
        spec = reader.validate(DefinitionSpec, path, data, node)
        if spec is None:
            continue
        if spec.slug != folder.name:
            message = f"slug '{spec.slug}' must equal the folder name '{folder.name}'"
            reader.add(path, line_at(node, ("slug",)), message)
        for name in DESIGN_FILES:
            if not (folder / name).is_file():
                reader.add(folder / name, None, "the design file is missing")
        nodes[spec.slug] = (path, node)
        found.append(DefinitionSource(spec, folder, content_hash(folder)))
    _check_references(reader, found, nodes, modules)
    return found, reader.problems


def _check_references(reader: Reader, found, nodes, modules: list[ModuleSource]) -> None:
    module_slugs = {m.slug for m in modules}
    scenario_keys = {s.id for m in modules for s in m.scenarios}
    slugs = {d.spec.slug for d in found}
    for source in found:
        path, node = nodes[source.spec.slug]
        req = source.spec.requirements
        for field, known, kind in (
            ("modules", module_slugs, "module"),
            ("scenarios", scenario_keys, "scenario"),
            ("certificates", slugs - {source.spec.slug}, "certificate"),
        ):
            for index, name in enumerate(getattr(req, field)):
                if name not in known:
                    line = line_at(node, ("requirements", field, index))
                    reader.add(path, line, f"requirements.{field}: no {kind} called '{name}'")


def sync_definitions(session: Session, sources: list[DefinitionSource]) -> list[str]:
    """Load checked definitions; a changed folder becomes a new current version. Returns changes."""
    changed = []
    for source in sources:
        spec = source.spec
        existing = session.scalars(
            select(CertificateDefinition).where(
                CertificateDefinition.slug == spec.slug,
                CertificateDefinition.content_hash == source.content_hash,
            )
        ).first()
        if existing is not None and existing.current:
            continue
        session.execute(
            update(CertificateDefinition)
            .where(CertificateDefinition.slug == spec.slug)
            .values(current=False)
        )
        if existing is not None:
            existing.current = True
        else:
            number = session.scalar(
                select(func.max(CertificateDefinition.number)).where(
                    CertificateDefinition.slug == spec.slug
                )
            )
            session.add(
                CertificateDefinition(
                    slug=spec.slug,
                    number=(number or 0) + 1,
                    content_hash=source.content_hash,
                    title=spec.title,
                    summary=spec.summary.strip(),
                    requirements=spec.requirements.model_dump(),
                    competences=list(spec.competences),
                    validity_months=spec.validity_months,
                    renewal_window_days=spec.renewal_window_days,
                    current=True,
                )
            )
        session.flush()
        changed.append(spec.slug)
    return changed


def current_definitions(session: Session) -> list[CertificateDefinition]:
    stmt = (
        select(CertificateDefinition)
        .where(CertificateDefinition.current.is_(True))
        .order_by(CertificateDefinition.id)
    )
    return list(session.scalars(stmt))


def find_definition(session: Session, slug: str) -> CertificateDefinition | None:
    stmt = select(CertificateDefinition).where(
        CertificateDefinition.slug == slug, CertificateDefinition.current.is_(True)
    )
    return session.scalars(stmt).first()


def design_dir(slug: str, root: Path = DEFAULT_CERTIFICATES_ROOT) -> Path:
    return root / slug / "design"


def check_all(modules_root: Path, certificates_root: Path | None):
    """Check modules and (if given) certificate definitions; returns modules, defs, problems."""
    from lms.content.loader import load_modules

    modules, problems = load_modules(modules_root)
    definitions: list[DefinitionSource] = []
    if certificates_root is not None:
        definitions, more = load_definitions(certificates_root, modules)
        problems = problems + more
    return modules, definitions, problems


def sync_all(session: Session, modules_root: Path, certificates_root: Path | None):
    """Check everything first, then load modules and certificate definitions.

    Raises ``ContentInvalid`` (writing nothing) when anything has a problem.
    """
    from lms.content.sync import ContentInvalid, sync_content

    _, definitions, problems = check_all(modules_root, certificates_root)
    if problems:
        raise ContentInvalid(problems)
    report = sync_content(session, modules_root)
    return report, sync_definitions(session, definitions)
