"""Build the ERRORS corpus (errors/bilingual.jsonl, errors/mono/*.txt) and truth.yaml from the clean corpus."""
import json
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from errors_spec import BILINGUAL, MONO
from records import RECORDS

H = os.path.dirname(os.path.abspath(__file__))

def apply(text, specs, doc):
    """Apply the specs to text; return (new text, truth entries with spans into the new text)."""
    for _, old, new, *_ in specs:
        assert text.count(old) == 1, (doc, old, text.count(old))
        text = text.replace(old, new)
    truth = []
    for _, _old, new, fam, sub, marker, src in specs:
        if marker == "LINE":
            line = [each for each in text.split("\n") if new in each]
            assert len(line) == 1, (doc, new)
            marker = line[0]
        elif marker is None:
            marker = new
        assert text.count(marker) == 1, (doc, marker, text.count(marker))
        start = text.index(marker)
        truth.append({"doc": doc, "family": fam, "subtype": sub, "text": marker,
                      "start": start, "end": start + len(marker), "source_text": src})
    return text, truth

def main():
    truth = []
    os.makedirs(f"{H}/errors/mono", exist_ok=True)
    by_doc = {}
    for s in BILINGUAL:
        by_doc.setdefault(s[0], []).append(s)
    with open(f"{H}/errors/bilingual.jsonl", "w", encoding="utf-8") as f:
        for rid, lang, pairs in RECORDS:
            specs = by_doc.pop(rid)
            assert 1 <= len(specs) <= 3, rid
            target = "\n".join(t for _, t in pairs)
            source = "\n".join(s for s, _ in pairs)
            target, t = apply(target, specs, rid)
            assert target.count("\n") == source.count("\n"), rid
            truth += t
            f.write(json.dumps({"id": rid, "source_lang": lang, "target_lang": "en", "source": source,
                                "target": target}, ensure_ascii=False) + "\n")
    assert not by_doc, by_doc
    by_file = {}
    for s in MONO:
        by_file.setdefault(s[0], []).append(s)
    for name in sorted(os.listdir(f"{H}/errors/mono")):
        os.remove(f"{H}/errors/mono/{name}")
    for name, specs in sorted(by_file.items()):
        assert 1 <= len(specs) <= 3, name
        text = open(f"{H}/clean/mono/{name}", encoding="utf-8").read()
        text, t = apply(text, specs, "errors/mono/" + name)
        truth += t
        open(f"{H}/errors/mono/{name}", "w", encoding="utf-8").write(text)
    with open(f"{H}/truth.yaml", "w", encoding="utf-8") as f:
        f.write("# Planted errors: doc (article id as mtqa reports it), family, subtype, the exact erroneous text in\n"
                "# the target, its code-point span [start, end) in the target, and for errors of omission the source\n"
                "# words.\n")
        yaml.safe_dump(truth, f, allow_unicode=True, sort_keys=False, width=200)
    print(len(truth), "planted errors;", len(BILINGUAL), "bilingual,", len(MONO), "monolingual")

if __name__ == "__main__":
    main()
