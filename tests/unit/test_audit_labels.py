"""Every audit action the code records anywhere in lms/ has a plain-English label.

The actions are found by reading the source: each call of ``record(..., action=...)``, and of
every function that passes its own parameter on as that action (``audit_match``, the
features' ``_audit`` helpers, the scale generator's ``_event``), followed to a fixed point.
An action that cannot be read as a literal (built with an f-string, say) fails the test, so a
new action never slips past unlabelled."""

from __future__ import annotations

import ast
from pathlib import Path

from lms.audit import labels

LMS = Path(__file__).resolve().parents[2] / "lms"


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _params(func: ast.FunctionDef) -> list[str]:
    names = [a.arg for a in func.args.posonlyargs + func.args.args]
    return names[1:] if names and names[0] in {"self", "cls"} else names


def _argument(call: ast.Call, name: str, position: int | None) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if position is not None and position < len(call.args):
        return call.args[position]
    return None


def _literals(node: ast.expr, func: ast.FunctionDef) -> list[str] | None:
    """The strings ``node`` can be, or None if they cannot be read from the source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body, func), _literals(node.orelse, func)
        return body + orelse if body is not None and orelse is not None else None
    if isinstance(node, ast.Name):  # a local assigned a literal in this function
        values: list[str] = []
        for inner in ast.walk(func):
            if isinstance(inner, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in inner.targets
            ):
                found = _literals(inner.value, func)
                if found is None:
                    return None
                values += found
        return values or None
    return None


def _key(node: ast.expr | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _written_row(node: ast.AST) -> bool:
    """A dict literal for an audit row: an "action" key given a literal or a parameter (a dict
    that reads an event's ``event.action`` is not recording one)."""
    if not isinstance(node, ast.Dict) or "action" not in [_key(k) for k in node.keys]:
        return False
    value = node.values[[_key(k) for k in node.keys].index("action")]
    return isinstance(value, ast.Constant | ast.Name | ast.IfExp)


def _functions() -> list[tuple[Path, ast.FunctionDef]]:
    found = []
    for path in sorted(LMS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                found.append((path, node))
    return found


def recorded_actions() -> tuple[set[str], list[str]]:
    """Every action code recorded in lms/, and every place one could not be read."""
    functions = _functions()
    # callee name -> (the parameter carrying the action, its position or None if keyword-only)
    forwarders: dict[str, tuple[str, int | None]] = {"record": ("action", None)}
    actions: set[str] = set()
    unreadable: list[str] = []
    changed = True
    while changed:
        changed = False
        actions.clear()
        unreadable.clear()
        for path, func in functions:
            for call in ast.walk(func):
                if _written_row(call):  # the scale generator writes audit rows as dicts
                    value = call.values[[_key(k) for k in call.keys].index("action")]
                elif isinstance(call, ast.Call) and _callee(call) in forwarders:
                    name, position = forwarders[_callee(call)]
                    value = _argument(call, name, position)
                else:
                    continue
                if value is None:
                    continue
                if isinstance(value, ast.Name) and value.id in _params(func):
                    if func.name not in forwarders and func.name != "record":
                        forwarders[func.name] = (value.id, _params(func).index(value.id))
                        changed = True
                    continue
                found = _literals(value, func)
                if found is None:
                    unreadable.append(f"{path.relative_to(LMS.parent)}:{call.lineno}")
                else:
                    actions.update(found)
    return actions, unreadable


def test_the_scan_finds_the_helpers_and_their_actions():
    """The scan is not vacuous: it follows audit_match and the _audit helpers."""
    actions, _ = recorded_actions()
    assert {"match.paused", "practice.confirmed", "expense.approved", "person.invited"} <= actions
    assert {"certificate.issued", "certificate.renewed", "quiz.passed", "quiz.failed"} <= actions
    assert "practice.submitted" in actions  # the scale generator's filler events


def test_every_recorded_action_has_a_label():
    actions, unreadable = recorded_actions()
    assert unreadable == [], "write these actions as literals so they can be labelled"
    missing = sorted(a for a in actions if a not in labels.ACTION_LABELS)
    assert missing == [], f"add labels to lms/audit/labels.py ACTION_LABELS: {missing}"


def test_labels_are_english_not_codes():
    for code, label in labels.ACTION_LABELS.items():
        assert "." not in label.rstrip(".") and "_" not in label, code
        assert label[:1].isupper(), code
    assert labels.action_label("match.end_refused") == "Request to end the match turned down"
    assert labels.action_label("widget.made_up") == "Widget made up"  # never the raw code


def test_every_subject_type_recorded_has_a_label():
    subjects: set[str] = set()
    for _, func in _functions():
        for call in ast.walk(func):
            if isinstance(call, ast.Call):
                for keyword in call.keywords:
                    value = keyword.value
                    if keyword.arg == "subject_type" and isinstance(value, ast.Constant):
                        subjects.add(value.value)
    assert {"person", "match", "certificate"} <= subjects
    assert sorted(subjects - set(labels.SUBJECT_LABELS)) == []
