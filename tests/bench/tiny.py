#!/usr/bin/env python3
"""Tiny JSONL records for the memory measurements of the README ("Speed" >
"Stages"): N records of 5 to 15 words in 500 outlets, from a fixed seed.

    tiny.py N                 N records
    tiny.py N --twice         the N records, then again with ids renamed and
                              each text's words reversed (2N, no text a copy)
    tiny.py N --copies        the N records, then again with ids renamed and
                              the same texts (2N, N exact copies)
    tiny.py N --bad           the N records, nine in ten without their text
                              (bad records for --on-error skip)

Writes to standard output.
"""
import json
import random
import sys

WORDS = (
    "Kyiv Kiev Crimea Russia Ukraine Moscow Kremlin invasion annexed regime "
    "troops said officials report the a of in on and city council budget "
    "talks peace war shelling Donbass sanctions minister week new old"
).split()


def records(n):
    rng = random.Random(20261202)
    for i in range(n):
        k = rng.randint(5, 15)
        words = [rng.choice(WORDS) for _ in range(k)]
        # the record's number makes every text distinct
        words.insert(rng.randint(0, k), f"n{i}")
        yield {"id": f"r{i}", "outlet": f"Outlet {i % 500}", "text": " ".join(words)}


def main():
    n = int(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else ""
    out = sys.stdout
    for i, r in enumerate(records(n)):
        if mode == "--bad" and i % 10 != 0:
            del r["text"]
        out.write(json.dumps(r) + "\n")
    if mode in ("--twice", "--copies"):
        for r in records(n):
            r["id"] = "b" + r["id"]
            if mode == "--twice":
                r["text"] = " ".join(reversed(r["text"].split()))
            out.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
