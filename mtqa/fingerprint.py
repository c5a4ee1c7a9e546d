"""Stable finding ids for baselines, SARIF partial fingerprints and GitLab Code Quality."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace

from mtqa.model import Finding
from mtqa.text import fold


def fingerprinted(findings: list[Finding]) -> list[Finding]:
    """A stable id per finding from rule, document and matched text (not position), so that baselines survive
    edits elsewhere in the article; the n-th repeat of the same text gets its own id."""
    if not findings:
        return []
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for finding in findings:
        key = (finding.rule, finding.doc, " ".join(fold(finding.text).split()))
        seen[key] += 1
        # surrogatepass: an unpaired surrogate (from an undecodable file name) still hashes, to the same id each run
        digest = hashlib.sha256("\x1f".join((*key, str(seen[key]))).encode("utf-8", "surrogatepass"))
        result.append(replace(finding, fingerprint=digest.hexdigest()[:20]))
    return result
