"""The W3C VC Data Model 2.0 MUSTs a credential is checked against before we sign or verify it.

``problems`` reads the JSON as sent (cheap, no JSON-LD) and then, when that is clean, expands it
with the vendored contexts to find what only JSON-LD shows: a type no context maps to a URL, a
protected term redefined. Each problem is one sentence naming the property. Call it only on a
document within ``limits.check_shape`` (expansion is the slow part).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pyld import jsonld

from lms.credentials import contexts

BASE = contexts.CREDENTIALS_V2
# A URL as RFC 3986 has it, loosely: a scheme, a colon, then no spaces or characters it forbids.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
# XSD dateTimeStamp: a dateTime that must carry its time-zone offset (or Z).
_STAMP = re.compile(
    r"-?(\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-](\d\d):(\d\d))",
)
_SRI = re.compile(r"sha(256|384|512)-[A-Za-z0-9+/_-]+={0,2}")
_MULTIBASE = re.compile(r"[uzmM][A-Za-z0-9+/_=-]+")
_LANGUAGE_KEYS = {"@value", "@language", "@direction"}
# Properties whose objects MUST have a type; the second item: whether each also needs an id.
TYPED = {
    "credentialStatus": False,
    "credentialSchema": True,
    "evidence": False,
    "refreshService": False,
    "termsOfUse": False,
}


def is_url(value: Any) -> bool:
    return isinstance(value, str) and _URL.fullmatch(value) is not None


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def stamp(value: Any) -> datetime | bool | None:
    """``value`` as a datetime if it is an XSD dateTimeStamp; True for a valid one past year
    9999 (Python's datetime stops there); None if it is not one."""
    match = _STAMP.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    month, day, hour, minute, second = (int(match.group(i)) for i in range(2, 7))
    if match.group(9) and (int(match.group(9)) > 14 or int(match.group(10)) > 59):
        return None
    if len(match.group(1)) > 4 or value.startswith("-"):
        fine = 1 <= month <= 12 and 1 <= day <= 31 and hour < 24 and minute < 60 and second < 60
        return True if fine else None
    fraction = (match.group(7) or "")[:7].ljust(7, "0") if match.group(7) else ""
    zone = "+00:00" if match.group(8) == "Z" else match.group(8)
    text = f"{value[:19]}{fraction}{zone}"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _text(value: Any, where: str) -> list[str]:
    """name and description: a string, a language value object, or a list of them."""
    found = []
    for item in as_list(value):
        if isinstance(item, str):
            continue
        if not isinstance(item, dict) or not isinstance(item.get("@value"), str):
            found.append(f"{where} must be a string or a language value object.")
        elif set(item) - _LANGUAGE_KEYS:
            extra = ", ".join(sorted(set(item) - _LANGUAGE_KEYS))
            found.append(f"{where} has properties a language value object may not have: {extra}.")
        elif "@language" in item and not isinstance(item["@language"], str):
            found.append(f"{where}'s @language must be a language tag.")
        elif item.get("@direction", "ltr") not in ("ltr", "rtl"):
            found.append(f"{where}'s @direction must be ltr or rtl.")
    return found


def _types(value: Any, where: str) -> list[str]:
    items = as_list(value)
    if not items or not all(isinstance(t, str) and t for t in items):
        return [f"{where}.type must be one or more terms or URLs."]
    return []


def _id(node: dict[str, Any], where: str, required: bool = False) -> list[str]:
    if "id" not in node:
        return [f"{where} must have an id (a URL)."] if required else []
    if not is_url(node["id"]):
        return [f"{where}.id must be one URL."]
    return []


def context_problems(credential: dict[str, Any]) -> list[str]:
    """@context: the v2 context first, then URLs or context objects (a presentation's too)."""
    if "@context" not in credential:
        return [f"@context is missing: its first item must be {BASE}."]
    value = credential["@context"]
    items = value if isinstance(value, list) else [value]
    if items and items[0] == contexts.CREDENTIALS_V1:
        return [f"This is a VC 1.1 document ({contexts.CREDENTIALS_V1}): only VC 2.0 is handled."]
    if not items or items[0] != BASE:
        return [f"The first @context item must be {BASE}."]
    if not all(is_url(item) or isinstance(item, dict) for item in items[1:]):
        return ["Every further @context item must be a URL or a context object."]
    return []


def _issuer(credential: dict[str, Any]) -> list[str]:
    if "issuer" not in credential:
        return ["issuer is missing."]
    issuer = credential["issuer"]
    if isinstance(issuer, dict):
        found = _id(issuer, "issuer", required=True)
        for key in ("name", "description"):
            if key in issuer:
                found += _text(issuer[key], f"issuer.{key}")
        return found
    return [] if is_url(issuer) else ["issuer must be a URL or an object whose id is a URL."]


def _subjects(credential: dict[str, Any]) -> list[str]:
    if "credentialSubject" not in credential:
        return ["credentialSubject is missing."]
    subjects = as_list(credential["credentialSubject"])
    if not subjects:
        return ["credentialSubject must name at least one subject."]
    found = []
    for subject in subjects:
        if not isinstance(subject, dict) or not subject:
            found.append("Each credentialSubject must be an object making at least one claim.")
        else:
            found += _id(subject, "credentialSubject")
    return found


def _validity(credential: dict[str, Any]) -> list[str]:
    found, when = [], {}
    for key in ("validFrom", "validUntil"):
        if key in credential:
            when[key] = stamp(credential[key])
            if when[key] is None:
                found.append(f"{key} must be a date and time with its offset (XSD dateTimeStamp).")
    start, end = when.get("validFrom"), when.get("validUntil")
    if isinstance(start, datetime) and isinstance(end, datetime) and start > end:
        found.append("validFrom must be the same as or earlier than validUntil.")
    return found


def _typed(credential: dict[str, Any]) -> list[str]:
    found = []
    for key, needs_id in TYPED.items():
        if key not in credential:
            continue
        for entry in as_list(credential[key]):
            if not isinstance(entry, dict):
                found.append(f"Each {key} must be an object.")
                continue
            found += _id(entry, key, required=needs_id)
            found += _types(entry["type"], key) if "type" in entry else [f"{key} needs a type."]
    return found


def _related(credential: dict[str, Any]) -> list[str]:
    if "relatedResource" not in credential:
        return []
    found, seen = [], set()
    for entry in as_list(credential["relatedResource"]):
        if not isinstance(entry, dict):
            found.append("Each relatedResource must be an object with an id and a digest.")
            continue
        found += _id(entry, "relatedResource", required=True)
        ident = str(entry.get("id"))  # a list or an object is no id, and is not hashable
        if ident in seen:
            found.append(f"relatedResource ids must be unique: {ident} is repeated.")
        seen.add(ident)
        if "digestSRI" not in entry and "digestMultibase" not in entry:
            found.append("Each relatedResource needs a digestSRI or a digestMultibase.")
        sri, multibase = entry.get("digestSRI"), entry.get("digestMultibase")
        if "digestSRI" in entry and not (isinstance(sri, str) and _SRI.fullmatch(sri)):
            found.append("relatedResource.digestSRI must be a subresource integrity value.")
        if "digestMultibase" in entry and not (
            isinstance(multibase, str) and _MULTIBASE.fullmatch(multibase)
        ):
            found.append("relatedResource.digestMultibase must be a multibase value.")
        if "mediaType" in entry and not isinstance(entry["mediaType"], str):
            found.append("relatedResource.mediaType must be a string.")
    return found


def json_problems(credential: Any) -> list[str]:
    """What the JSON itself breaks of the data model (no JSON-LD processing)."""
    if not isinstance(credential, dict):
        return ["The credential must be a JSON object."]
    found = context_problems(credential)
    if "type" not in credential:
        found.append("type is missing: it must include VerifiableCredential.")
    else:
        found += _types(credential["type"], "credential")
        if "VerifiableCredential" not in as_list(credential["type"]):
            found.append("type must include VerifiableCredential.")
    found += _id(credential, "credential")
    found += _issuer(credential)
    found += _subjects(credential)
    found += _validity(credential)
    for key in ("name", "description"):
        if key in credential:
            found += _text(credential[key], key)
    return found + _typed(credential) + _related(credential)


def _expanded_types(node: Any, found: set[str]) -> None:
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "@type" and "@value" not in value:
                    found.update(t for t in as_list(item) if isinstance(t, str))
                elif key != "@value":
                    stack.append(item)


def jsonld_problems(credential: dict[str, Any]) -> list[str]:
    """What expanding the credential with the vendored contexts shows."""
    try:
        expanded = jsonld.expand(credential, {"documentLoader": contexts.load, "base": None})
    except jsonld.JsonLdError as exc:
        detail, url = exc.code or exc.type, None
        while isinstance(exc, jsonld.JsonLdError):  # the innermost cause names the context
            url = url or (exc.details or {}).get("url")
            exc = getattr(exc, "cause", None)
        where = f" ({url} is not one of the contexts held here)" if url else ""
        return [f"The credential's JSON-LD cannot be processed: {detail}{where}."]
    except Exception as exc:  # PyLD trips on some malformed contexts (a KeyError, say)
        return [f"The credential's JSON-LD cannot be processed: {type(exc).__name__}."]
    types: set[str] = set()
    _expanded_types(expanded, types)
    bad = sorted(t for t in types if not is_url(t))
    return [f"Types no context maps to a URL: {', '.join(bad)}."] if bad else []


id_problems, issuer_problems, subject_problems = _id, _issuer, _subjects  # for data_model_v1


def problems(credential: Any) -> list[str]:
    """Every VC Data Model 2.0 MUST ``credential`` breaks; empty when it conforms."""
    found = json_problems(credential)
    return found or jsonld_problems(credential)
