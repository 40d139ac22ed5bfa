"""Every detail key the code records on an audit event has a plain label and a way into words
(issue 17, review item 7), as tests/unit/test_audit_labels.py does for actions.

The keys are read from the source: each ``details=`` given to ``record`` or to a helper that
passes its own parameter on (``audit_match``'s ``**more``, ``audit_entry``'s ``**extra``), the
dict literals those are built from (``before``/``after``), and the keyword arguments callers
give such helpers. A ``details`` that cannot be read fails the test unless it is listed in
``DYNAMIC`` with the test that covers its keys."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

from lms.admin import audit_details as words
from lms.admin.audit_names import CERTIFICATE_DETAILS, TITLED_DETAILS
from lms.admin.scheme_settings import SCHEME_FIELDS
from lms.audit import labels

LMS = Path(__file__).resolve().parents[2] / "lms"
# Details built from names at run time, and what covers their keys.
DYNAMIC = {"lms/admin/scheme_settings.py": "test_every_scheme_setting_has_a_label"}
NAMED = {"scheme_id", "by_scheme", "before", "after", *CERTIFICATE_DETAILS, *TITLED_DETAILS}


def _functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(LMS.rglob("*.py")):
        where = str(path.relative_to(LMS.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                found.append((where, node))
    return found


def _params(func: ast.FunctionDef) -> list[str]:
    return [a.arg for a in func.args.posonlyargs + func.args.args + func.args.kwonlyargs]


def _kwargs(func: ast.FunctionDef) -> str | None:
    return func.args.kwarg.arg if func.args.kwarg else None


def _callee(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


class _Scan:
    def __init__(self) -> None:
        self.keys: dict[str, str] = {}
        self.unreadable: list[str] = []
        # helper name -> the parameter it passes on as details, and whether it is **kwargs
        self.forwarders: dict[str, tuple[str, bool]] = {"record": ("details", False)}

    def dict_keys(self, node: ast.expr, func: ast.FunctionDef, where: str, top=True) -> None:
        """The keys ``node`` can hold, nested dict literals included; ``top``: ``node`` is the
        details themselves (so it must be readable), not one of their values."""
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:  # **something
                    self.dict_keys(value, func, where, top)
                elif isinstance(key, ast.Constant):
                    self.keys.setdefault(str(key.value), f"{where}:{node.lineno}")
                    if isinstance(value, ast.Dict | ast.Name):
                        self.dict_keys(value, func, where, top=False)
                else:
                    self.unreadable.append(f"{where}:{node.lineno}")
        elif isinstance(node, ast.Name):
            if node.id in _params(func) or node.id == _kwargs(func):
                return  # a helper's own parameter: its callers are read instead
            for inner in ast.walk(func):
                if isinstance(inner, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == node.id for t in inner.targets
                ):
                    self.dict_keys(inner.value, func, where, top)
        elif isinstance(node, ast.Call | ast.DictComp) and where in DYNAMIC:
            return
        elif isinstance(node, ast.Call):
            return  # a value computed by a call (a count, a list): not a dict of details
        elif top:
            self.unreadable.append(f"{where}:{node.lineno}")

    def run(self) -> _Scan:
        functions = _functions()
        changed = True
        while changed:
            changed = False
            self.keys.clear()
            self.unreadable.clear()
            for where, func in functions:
                for call in ast.walk(func):
                    if not isinstance(call, ast.Call) or _callee(call) not in self.forwarders:
                        continue
                    name, is_kwargs = self.forwarders[_callee(call)]
                    if is_kwargs:  # audit_match(..., contact_id=...): the keywords are keys
                        for keyword in call.keywords:
                            if keyword.arg and keyword.arg not in ("reason", "actor"):
                                self.keys.setdefault(keyword.arg, f"{where}:{call.lineno}")
                        continue
                    value = next((k.value for k in call.keywords if k.arg == name), None)
                    if value is None:
                        continue
                    if isinstance(value, ast.Name) and value.id in _params(func):
                        if func.name not in self.forwarders and func.name != "record":
                            self.forwarders[func.name] = (value.id, False)
                            changed = True
                        continue
                    self.dict_keys(value, func, where)
                    for unpacked in getattr(value, "values", []):
                        passes_kwargs = isinstance(unpacked, ast.Name) and (
                            unpacked.id == _kwargs(func)
                        )
                        if passes_kwargs and func.name not in self.forwarders:
                            self.forwarders[func.name] = (unpacked.id, True)
                            changed = True
        return self


def _scan() -> _Scan:
    return _Scan().run()


def test_the_scan_finds_the_details_reviewers_saw_raw():
    """The scan is not vacuous: it reads literals, helpers' **kwargs and before/after dicts."""
    scan = _scan()
    assert {"valid_until", "review_date", "supersedes", "definition", "outcome", "mode"} <= set(
        scan.keys
    )
    assert {"check_id", "contact_id", "mentor_reason", "told", "minutes", "lead_trainer"} <= set(
        scan.keys
    )


def test_every_recorded_detail_has_a_label_and_words():
    scan = _scan()
    assert scan.unreadable == [], "write details as dict literals so they can be labelled"
    known = (
        set(words.DETAILS)
        | set(labels.PERSON_DETAILS)
        | set(labels.MENTEE_DETAILS)
        | labels.HIDDEN_DETAILS
        | NAMED
    )
    missing = {key: where for key, where in scan.keys.items() if key not in known}
    assert missing == {}, "give these a label and words in lms/admin/audit_details.py DETAILS"


def test_every_scheme_setting_has_a_label():
    """scheme.settings_changed records each changed setting by its field name."""
    for name in SCHEME_FIELDS:
        label, text = words.setting_change(name, {"from": 6, "to": 8})
        assert "_" not in label and label[:1].isupper() and text.startswith("from "), name


def test_details_read_as_words():
    """The reviewer's examples: UK dates, codes in words, settings with their units, empty
    values left out."""
    rows = words.detail_rows
    assert rows("valid_until", "2028-11-28", "certificate.issued") == [
        ("Valid until", "28 November 2028")
    ]
    assert rows("review_date", date(2026, 12, 12).isoformat(), "certificate.suspended") == [
        ("Review date", "12 December 2026")
    ]
    assert rows("supersedes", None, "certificate.issued") == []
    assert rows("outcome", "pass", "scenario.marked") == [("Result", "Pass")]
    assert rows("mode", "written", "scenario.marked") == [("How it was answered", "Written answer")]
    assert rows("kind", "victim", "conflict.declared") == [("Kind", "Victim")]
    assert rows("kind", "observed", "practice.confirmed") == [("Kind", "Observed session")]
    assert rows("minutes", 90, "practice.submitted") == [("Length", "1 hour 30 minutes")]
    assert rows("supervision_interval_weeks", {"from": 6, "to": 8}, "scheme.settings_changed") == [
        ("Supervision interval", "from 6 weeks to 8 weeks")
    ]
    assert rows("level", "enhanced_barred", "vetting.recorded") == [
        ("Level of DBS check", "Enhanced with barred lists")
    ]
    for key, (label, _) in words.DETAILS.items():
        assert "_" not in label and label[:1].isupper(), key
