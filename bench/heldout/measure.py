#!/usr/bin/env python3
"""Recompute the held-out figures for mtqa.

    python bench/heldout/measure.py          # from the saved reports in out/
    python bench/heldout/measure.py --run    # rebuild both corpora, rerun mtqa, then measure

Clean corpus: words, findings, findings per 1,000 words, articles with any finding, each finding classified.
Errors corpus: planted errors found (a finding of any rule whose span overlaps the planted text in the same
article), missed, recall by family, and findings that overlap no planted error ("findings on the correct parts").
Writes out/figures.json beside the printed report.
"""
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

import yaml

H = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(H, "out")
RUNS = [("clean/bilingual.jsonl", "clean-bilingual.json"), ("clean/mono", "clean-mono.json"),
        ("errors/bilingual.jsonl", "errors-bilingual.json"), ("errors/mono", "errors-mono.json")]

# Every finding on the clean corpus, classified by hand: (doc, rule, text) -> (verdict, mechanism guess).
# verdict: "false alarm", or "my error" (a mistake in the clean text: fix it and rerun instead).
CLEAN_VERDICTS = {
    ("zhs-01-gdp", "MTQ401", "101.5 trillion"):
        ("false alarm", "1015036亿 rounded to 101.5 trillion, as Xinhua's English does; any rounding of a "
                        "long source number counts as 'another number'"),
    ("zhs-01-gdp", "MTQ401", "36.59 trillion"):
        ("false alarm", "365877亿 rounded to 36.59 trillion (wire rounding), read as another number"),
    ("zhs-04-quake", "MTQ401", "10"):
        ("false alarm", "千米 (kilometre) parsed as the multiplier 千 (thousand): '10千' = 10,000, so '10 km' "
                        "looks like a dropped magnitude"),
    ("ja-05-ohtani", "MTQ401", "Ohtani reached base nine times in the game, with four hits and five walks."):
        ("false alarm", "四球 (a walk, base on balls) read as the kanji numeral 四 after 5: '4安打5四球' "
                        "gives the number 54, 'not in the translation'"),
}


def run_mtqa():
    subprocess.run([sys.executable, os.path.join(H, "build_clean.py")], check=True)
    subprocess.run([sys.executable, os.path.join(H, "build_errors.py")], check=True)
    os.makedirs(OUT, exist_ok=True)
    for src, out in RUNS:
        rc = subprocess.run(["mtqa", "check", src, "--no-fluency", "--no-cache", "--format", "json",
                             "-o", os.path.join("out", out)], cwd=H).returncode
        if rc not in (0, 1):
            sys.exit(f"mtqa failed on {src} (exit {rc})")


def load(name):
    with open(os.path.join(OUT, name), encoding="utf-8") as f:
        return json.load(f)


def overlaps(f, t):
    fs, fe = f["span"]["start"], f["span"]["end"]
    if fs == fe:  # an empty span: inside or at the edge of the planted text
        return t["start"] <= fs <= t["end"]
    return fs < t["end"] and t["start"] < fe


def short(s, n=90):
    s = s.replace("\n", "\\n")
    return s if len(s) <= n else s[: n - 3] + "..."


def main():
    if "--run" in sys.argv:
        run_mtqa()
    fig = {}
    lines = []
    p = lines.append

    # ------------------------------------------------------------------ clean corpus
    clean = [load("clean-bilingual.json"), load("clean-mono.json")]
    words = sum(r["summary"]["words"] for r in clean)
    docs = [d for r in clean for d in r["documents"]]
    findings = [(d["id"], f) for d in docs for f in d["findings"]]
    flagged = sorted({doc for doc, _ in findings})
    verdicts = []
    for doc, f in findings:
        v = CLEAN_VERDICTS.get((doc, f["rule"], f["text"]), ("UNCLASSIFIED", ""))
        verdicts.append((doc, f, v))
    fa = [x for x in verdicts if x[2][0] == "false alarm"]
    mine = [x for x in verdicts if x[2][0] == "my error"]
    uncl = [x for x in verdicts if x[2][0] == "UNCLASSIFIED"]
    bil, mono = clean
    fig["clean"] = {
        "articles": len(docs), "bilingual_records": bil["summary"]["documents"],
        "monolingual_articles": mono["summary"]["documents"],
        "words": words, "words_bilingual": bil["summary"]["words"], "words_monolingual": mono["summary"]["words"],
        "findings": len(findings), "findings_per_1000_words": round(1000 * len(findings) / words, 3),
        "false_alarms": len(fa), "false_alarms_per_1000_words": round(1000 * len(fa) / words, 3),
        "articles_flagged": len(flagged), "articles_flagged_ids": flagged,
        "by_rule": dict(Counter(f["rule"] for _, f in findings)),
        "unclassified": len(uncl), "my_errors": len(mine),
        "term_accuracy_bilingual": bil["summary"].get("term_accuracy"),
    }
    c = fig["clean"]
    p("CLEAN CORPUS")
    p(f"  articles: {c['articles']} ({c['bilingual_records']} bilingual records, {c['monolingual_articles']} "
      f"monolingual); words: {words} ({c['words_bilingual']} + {c['words_monolingual']})")
    p(f"  findings: {c['findings']} ({c['findings_per_1000_words']} per 1,000 words); "
      f"false alarms: {c['false_alarms']} "
      f"({c['false_alarms_per_1000_words']} per 1,000 words); my own errors: {c['my_errors']}; unclassified: "
      f"{c['unclassified']}")
    p(f"  articles with any finding: {c['articles_flagged']} of {c['articles']}: {', '.join(flagged)}")
    for doc, f, (verdict, why) in verdicts:
        p(f"    [{verdict}] {doc} {f['rule']} {short(repr(f['text']), 70)} (source {f.get('source_text')!r}): {why}")

    # ------------------------------------------------------------------ errors corpus
    with open(os.path.join(H, "truth.yaml"), encoding="utf-8") as fh:
        truth = yaml.safe_load(fh)
    errs = [load("errors-bilingual.json"), load("errors-mono.json")]
    edocs = {d["id"]: d for r in errs for d in r["documents"]}
    by_doc = defaultdict(list)
    for t in truth:
        assert t["doc"] in edocs, t["doc"]
        by_doc[t["doc"]].append(t)
    fam_total, fam_found = Counter(), Counter()
    found, missed = [], []
    for t in truth:
        hits = [f for f in edocs[t["doc"]]["findings"] if overlaps(f, t)]
        fam_total[t["family"]] += 1
        if hits:
            fam_found[t["family"]] += 1
            found.append((t, hits))
        else:
            missed.append(t)
    clean_keys = {(doc.replace("clean/", "errors/"), f["rule"], f["text"]) for doc, f in findings}
    extra = []
    for doc, d in edocs.items():
        for f in d["findings"]:
            if not any(overlaps(f, t) for t in by_doc[doc]):
                extra.append((doc, f, "same as on the clean copy" if (doc, f["rule"], f["text"]) in clean_keys
                              else "NEW"))
    ewords = sum(r["summary"]["words"] for r in errs)
    nbil = sum(1 for t in truth if not t["doc"].startswith("errors/mono/"))
    fig["errors"] = {
        "articles": len(edocs), "words": ewords, "planted": len(truth), "planted_bilingual": nbil,
        "planted_monolingual": len(truth) - nbil, "found": len(found), "missed": len(missed),
        "recall": round(len(found) / len(truth), 3),
        "recall_bilingual": round(sum(1 for t, _ in found if not t["doc"].startswith("errors/mono/")) / nbil, 3),
        "recall_monolingual": round(sum(1 for t, _ in found if t["doc"].startswith("errors/mono/"))
                                    / (len(truth) - nbil), 3),
        "by_family": {fam: {"planted": fam_total[fam], "found": fam_found[fam],
                            "recall": round(fam_found[fam] / fam_total[fam], 3)} for fam in sorted(fam_total)},
        "missed_list": [{"doc": t["doc"], "family": t["family"], "subtype": t["subtype"], "text": t["text"]}
                        for t in missed],
        "findings_total": sum(len(d["findings"]) for d in edocs.values()),
        "findings_on_correct_parts": len(extra),
        "findings_on_correct_parts_list": [{"doc": doc, "rule": f["rule"], "text": f["text"], "note": note}
                                           for doc, f, note in extra],
        "found_rules": dict(Counter(h[0]["rule"] for _, h in found)),
    }
    e = fig["errors"]
    p("")
    p("ERRORS CORPUS")
    p(f"  articles: {e['articles']}; words: {ewords}; planted: {e['planted']} ({e['planted_bilingual']} bilingual, "
      f"{e['planted_monolingual']} monolingual)")
    p(f"  found: {e['found']}  missed: {e['missed']}  recall: {e['recall']:.1%} "
      f"(bilingual {e['recall_bilingual']:.1%}, "
      f"monolingual {e['recall_monolingual']:.1%})")
    p("  by family:")
    for fam, v in e["by_family"].items():
        p(f"    {fam:18s} {v['found']:3d} / {v['planted']:3d}  {v['recall']:.0%}")
    p("  rules that found them (first overlapping finding): " +
      ", ".join(f"{k} {v}" for k, v in sorted(e["found_rules"].items())))
    p("  missed:")
    for t in missed:
        p(f"    {t['family']:16s} {t['doc']}: {short(repr(t['text']))} ({t['subtype']})")
    p(f"  findings on the correct parts: {len(extra)} of {e['findings_total']}")
    for doc, f, note in extra:
        p(f"    {doc} {f['rule']} {short(repr(f['text']), 70)} [{note}]")

    with open(os.path.join(OUT, "figures.json"), "w", encoding="utf-8") as fh:
        json.dump(fig, fh, ensure_ascii=False, indent=1)
    print("\n".join(lines))
    if uncl:
        print(f"\nWARNING: {len(uncl)} clean finding(s) not yet classified in CLEAN_VERDICTS", file=sys.stderr)


if __name__ == "__main__":
    main()
