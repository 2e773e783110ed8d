"""Writes a JSONL corpus of at least MIN_MB megabytes by repeating a gzipped
JSONL corpus, each copy's ids suffixed with -rN so that ids stay unique.

Usage: python3 replicate.py IN.jsonl.gz OUT.jsonl MIN_MB
Prints the bytes written and the number of documents.
"""
import gzip
import json
import sys


def main():
    src, out, min_mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with gzip.open(src, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    written, docs, copy = 0, 0, 0
    with open(out, "w", encoding="utf-8") as w:
        while written < min_mb * 1e6:
            for r in records:
                r = dict(r, id=f"{r['id']}-r{copy}")
                line = json.dumps(r, ensure_ascii=False) + "\n"
                w.write(line)
                written += len(line.encode("utf-8"))
                docs += 1
            copy += 1
    print(written, docs)


if __name__ == "__main__":
    main()
