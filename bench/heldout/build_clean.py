"""Write clean/bilingual.jsonl from records.py."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from records import RECORDS


def record_dict(rid, lang, pairs):
    return {"id": rid, "source_lang": lang, "target_lang": "en",
            "source": "\n".join(s for s, _ in pairs), "target": "\n".join(t for _, t in pairs)}

if __name__ == "__main__":
    ids = set()
    output = os.path.join(os.path.dirname(os.path.abspath(__file__)), "clean", "bilingual.jsonl")
    with open(output, "w", encoding="utf-8") as f:
        for rid, lang, pairs in RECORDS:
            assert rid not in ids
            ids.add(rid)
            assert 4 <= len(pairs) <= 8, rid
            f.write(json.dumps(record_dict(rid, lang, pairs), ensure_ascii=False) + "\n")
    print(len(ids), "records")
