"""Suppressions: a baseline of known findings (by fingerprint) and an article's own metadata.mtqa_ignore list.
A suppression that matches nothing is reported by the meta rule unused-suppression (MTQ901)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from mtqa.checks.context import build_finding
from mtqa.errors import InputError
from mtqa.fingerprint import fingerprinted
from mtqa.model import DocumentResult, Finding, Report, Span
from mtqa.rules import get_rule

BASELINE_VERSION = "1"
UNUSED = "MTQ901"


@dataclass(frozen=True)
class Baseline:
    path: str
    fingerprints: dict[str, frozenset[str]]  # document id -> fingerprints of accepted findings


def baseline_json(report: Report) -> str:
    """Today's findings, recorded so that `--baseline` hides them and CI fails only on new problems."""
    entries = [
        {"doc": f.doc, "rule": f.rule, "fingerprint": f.fingerprint, "text": f.text}
        for f in report.findings if f.rule != UNUSED
    ]
    created = datetime.now(UTC).isoformat(timespec="seconds")
    return json.dumps({"mtqa_baseline": BASELINE_VERSION, "created": created, "findings": entries},
                      ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: str) -> Baseline:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise InputError(path, "baseline file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(path, f"not a baseline file ({error})") from None
    if not isinstance(data, dict) or data.get("mtqa_baseline") != BASELINE_VERSION:
        raise InputError(path, "not an mtqa baseline (create one with 'mtqa baseline create')")
    fingerprints: dict[str, set[str]] = {}
    for item in data.get("findings", []):
        if not isinstance(item, dict) or not {"doc", "fingerprint"} <= set(item):
            raise InputError(path, "baseline entries need 'doc' and 'fingerprint'")
        fingerprints.setdefault(str(item["doc"]), set()).add(str(item["fingerprint"]))
    return Baseline(path, {doc: frozenset(prints) for doc, prints in fingerprints.items()})


def apply_suppressions(result: DocumentResult, baseline: Baseline | None, report_unused: bool) -> DocumentResult:
    """Hide the findings the baseline or the article's mtqa_ignore accepts; report suppressions left unused."""
    document = result.document
    ignored = _ignore_list(result)
    accepted = baseline.fingerprints.get(document.id, frozenset()) if baseline else frozenset()
    kept: list[Finding] = []
    used_rules: set[str] = set()
    used_prints: set[str] = set()
    for finding in result.findings:
        if finding.rule in ignored:
            used_rules.add(finding.rule)
        elif finding.fingerprint in accepted:
            used_prints.add(finding.fingerprint)
        else:
            kept.append(finding)
    unused: list[Finding] = []
    if report_unused:
        unused += [
            build_finding(document, UNUSED, Span(0, 0),
                          f"metadata.mtqa_ignore lists {given}, which matches no finding in this article",
                          suggestion="")
            for code, given in ignored.items() if code not in used_rules
        ]
        unused += [
            build_finding(document, UNUSED, Span(0, 0),
                          f"baseline entry {fingerprint} ({baseline.path}) matches no finding in this article",
                          suggestion="")
            for fingerprint in sorted(accepted - used_prints)
        ]
    suppressed = len(result.findings) - len(kept)
    return replace(result, findings=tuple(kept + fingerprinted(unused)), suppressed=result.suppressed + suppressed)


def _ignore_list(result: DocumentResult) -> dict[str, str]:
    """Rule code -> the selector as the article's metadata gave it."""
    given = result.document.metadata.get("mtqa_ignore") or []
    if isinstance(given, str):
        given = [given]
    if not isinstance(given, list):
        raise InputError(result.document.path or result.document.id, "metadata.mtqa_ignore must be a list")
    codes = {}
    for selector in given:
        rule = get_rule(str(selector))
        if rule is None:
            raise InputError(result.document.path or result.document.id,
                             f"metadata.mtqa_ignore of '{result.document.id}': unknown rule '{selector}'")
        codes[rule.code] = str(selector)
    return codes
