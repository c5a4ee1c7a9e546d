"""Suppressions: a baseline of known findings (by fingerprint) and an article's own metadata.mtqa_ignore list.
A suppression that matches nothing is reported by the meta rule unused-suppression (MTQ901)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from mtqa.checks.context import build_finding
from mtqa.display import shown
from mtqa.errors import InputError
from mtqa.fingerprint import fingerprinted
from mtqa.io import json_keys
from mtqa.io.decode import read_utf8
from mtqa.io.names import display_path
from mtqa.model import DocumentResult, Finding, Report, Span
from mtqa.selection import ignore_codes

BASELINE_VERSION = "1"
UNUSED = "MTQ901"


@dataclass(frozen=True)
class Baseline:
    path: str
    fingerprints: dict[str, frozenset[str]]  # document id -> fingerprints of accepted findings


def baseline_json(report: Report) -> str:
    """Today's findings, recorded so that `--baseline` hides them and CI fails only on new problems."""
    return "".join(baseline_chunks(report))


def baseline_chunks(report: Report) -> Iterator[str]:
    """The text of `baseline_json` in pieces, an entry at a time: a large batch's baseline is never held whole."""
    from mtqa.report.jsontext import Streamed, json_chunks

    entries = ({"doc": f.doc, "rule": f.rule, "fingerprint": f.fingerprint, "text": f.text}
               for result in report.results for f in result.findings if f.rule != UNUSED)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    return json_chunks({"mtqa_baseline": BASELINE_VERSION, "created": created, "findings": Streamed(entries)})


def load_baseline(path: str) -> Baseline:
    """The baseline file `path`, checked entry by entry; InputError naming the file (and entry) when it is not one."""
    data = _read_json(path)
    where = display_path(path)  # the file as messages name it
    if not isinstance(data, dict) or "mtqa_baseline" not in data:
        raise InputError(where, "not an mtqa baseline (create one with 'mtqa baseline create')")
    version = data["mtqa_baseline"]
    if not isinstance(version, str):
        raise InputError(where, f"'mtqa_baseline' must be the string \"{BASELINE_VERSION}\", not {_json_kind(version)}")
    if version != BASELINE_VERSION:
        raise InputError(where, f"baseline format '{shown(version[:20])}' is not one this mtqa reads "
                               f"(version {BASELINE_VERSION}); create it again with 'mtqa baseline create'")
    findings = data.get("findings", [])
    if not isinstance(findings, list):
        raise InputError(where, "'findings' must be a list of baseline entries")
    fingerprints: dict[str, set[str]] = {}
    for index, item in enumerate(findings):
        if not isinstance(item, dict) or not all(isinstance(item.get(key), str) for key in ("doc", "fingerprint")):
            raise InputError(where, "a baseline entry is a mapping with 'doc' and 'fingerprint' strings",
                             entry=f"findings[{index}]")
        fingerprints.setdefault(item["doc"], set()).add(item["fingerprint"])
    return Baseline(path, {doc: frozenset(prints) for doc, prints in fingerprints.items()})


def _json_kind(value: object) -> str:
    kinds = ((bool, "true or false"), ((int, float), "a number"), (list, "an array"), (dict, "an object"))
    return next((name for types, name in kinds if isinstance(value, types)), "null")


def _read_json(path: str) -> object:
    return json_keys.load_input(read_utf8(path), display_path(path))


def apply_suppressions(result: DocumentResult, baseline: Baseline | None, report_unused: bool) -> DocumentResult:
    """Hide the findings the baseline or the article's mtqa_ignore accepts; report suppressions left unused."""
    document = result.document
    ignored = _ignore_list(result)
    accepted = baseline.fingerprints.get(document.id, frozenset()) if baseline else frozenset()
    if not ignored and not accepted:
        return result  # the usual article: nothing to hide or to report unused
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
    try:
        return ignore_codes(result.document.metadata.get("mtqa_ignore"))
    except ValueError as error:
        raise InputError(result.document.path or result.document.id, f"{error} (article '{result.document.id}')"
                         ) from None
