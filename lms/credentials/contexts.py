"""The JSON-LD contexts credentials use, read from vendored files; never from the network.

PyLD would otherwise fetch any ``@context`` URL a document names, and has no "safe mode": a term
no context defines is silently left out of what is canonicalised and signed. ``load`` serves only
the files in ``contexts/index.json`` (and raises for anything else); it is PyLD's global loader
from import on. ``assert_nothing_dropped`` refuses a document with an undefined term.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"
CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1"  # VC Data Model 1.1
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
# Expanding with this as the outer @vocab turns every undefined term into an IRI under it.
UNDEFINED = "urn:x-undefined-term:"


def _read() -> dict[str, Any]:
    index = json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))
    return {
        url: json.loads((CONTEXTS_DIR / name).read_text(encoding="utf-8"))
        for url, name in index.items()
    }


CONTEXTS = _read()


class UndefinedTerms(ValueError):
    """A document uses terms no context defines: signing it would leave them unsigned."""


def load(url: str, options: Any = None) -> dict[str, Any]:
    """PyLD document loader: a vendored context, or a refusal (never the network)."""
    if url in CONTEXTS:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": CONTEXTS[url],
        }
    raise jsonld.JsonLdError(
        f"Refused to load {url!r}: only the vendored contexts are served (no network).",
        "jsonld.LoadDocumentError",
        {"url": url},
        code="loading document failed",
    )


jsonld.set_document_loader(load)


def canonize(doc: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of ``doc`` (PyLD calls the algorithm URDNA2015)."""
    return jsonld.normalize(
        doc,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": load,
            "base": None,
        },
    )


def assert_nothing_dropped(doc: dict[str, Any]) -> None:
    """Raise ``UndefinedTerms`` if canonicalisation would silently drop any term of ``doc``."""
    probe = jsonld.expand(doc, {"documentLoader": load, "expandContext": {"@vocab": UNDEFINED}})
    quads = jsonld.to_rdf(probe, {"format": "application/n-quads", "documentLoader": load})
    bad = sorted(
        {
            term[1 + len(UNDEFINED) : -1]
            for line in quads.splitlines()
            for term in line.split()
            if term.startswith("<" + UNDEFINED)
        }
    )
    if bad:
        raise UndefinedTerms("Terms no context defines: " + ", ".join(bad))
