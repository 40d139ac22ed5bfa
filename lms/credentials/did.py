"""The issuer's DIDs: did:web for BASE_URL (its DID document lists every key) and did:key forms.

``did:web:host%3Aport:path:segments`` resolves to ``https://host:port/path/segments/did.json``, or
``https://host/.well-known/did.json`` when BASE_URL has no path. The document lists the current
key and every retired one as Multikey methods in ``assertionMethod``; ``alsoKnownAs`` names the
current key's did:key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from lms.credentials import contexts, keys
from lms.links import base_url


def did_web() -> str:
    """The site's did:web, from BASE_URL (the port's colon as %3A, path segments as ':')."""
    base = urlsplit(base_url())
    host = base.hostname or ""
    if base.port:
        host += quote(f":{base.port}", safe="")
    segments = [quote(s, safe="") for s in base.path.split("/") if s]
    return ":".join(["did:web", host, *segments])


def did_document_path() -> str:
    """Where the DID document is served, relative to BASE_URL's path."""
    return "/did.json" if urlsplit(base_url()).path.strip("/") else "/.well-known/did.json"


def did_key(key: keys.IssuerKey) -> str:
    return "did:key:" + key.multibase


def method_id(key: keys.IssuerKey) -> str:
    """The verification method credentials name: ``<did:web>#key-...``."""
    return f"{did_web()}#{key.key_id}"


def document() -> dict[str, Any]:
    did = did_web()
    ring = keys.issuer_keys()
    methods = [
        {
            "id": f"{did}#{key.key_id}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.multibase,
        }
        for key in ring
    ]
    return {
        "@context": [contexts.DID_V1, contexts.MULTIKEY_V1],
        "id": did,
        "alsoKnownAs": [did_key(ring[0])],
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def _our_retirement(multibase: str) -> datetime | None:
    try:
        ring = keys.issuer_keys()
    except keys.NoSigningKey:
        return None
    return next((k.retired_at for k in ring if k.multibase == multibase), None)


def _removed() -> frozenset[str]:
    try:
        return keys.removed_keys()
    except RuntimeError:  # no app: nothing of ours to refuse
        return frozenset()


def resolve_method(method: str) -> tuple[str, Any, datetime | None]:
    """``(controller, public key, retired at)`` for a verification method of ours or any
    did:key (the did:key form of one of our retired keys carries its retirement too).

    Raises LookupError for a method that is neither.
    """
    base, _, fragment = method.partition("#")
    if base.startswith("did:key:"):
        value = base.removeprefix("did:key:")
        if fragment and fragment != value:
            raise LookupError(f"{method} is not the key its did:key names")
        if value in _removed():
            raise LookupError(f"{method} is a key this service removed as leaked")
        try:
            return base, keys.public_from_multibase(value), _our_retirement(value)
        except ValueError as exc:
            raise LookupError(f"{method}: {exc}") from exc
    if base == did_web():
        for key in keys.issuer_keys():
            if key.key_id == fragment:
                return base, key.public, key.retired_at
    raise LookupError(f"Unknown verification method {method}")
