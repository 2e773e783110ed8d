"""Python peers of tests/bench/peers.sh, each timed from outside.

  python3 peers.py aho DICT.dic CORPUS.jsonl
      pyahocorasick per document: a case-folded leftmost-longest scan
      (iter_long), whole words only
      (a `*` term only at its start), counts per category.
  python3 peers.py sklearn CORPUS.jsonl LABELS.csv
      scikit-learn's TfidfVectorizer(ngram_range=(1, 2)) and
      LogisticRegression fitted on every labelled article and then
      predicting every article: the pipeline slant's default run is
      meant to replace. Ids of replicated copies end in -rN.
"""
import csv
import json
import re
import sys


def read_dic(path):
    text = open(path, encoding="utf-8").read()
    _, head, body = text.split("%", 2)
    ids = {}
    for line in head.strip().splitlines():
        i, name = line.split("\t", 1)
        ids[i.strip()] = len(ids)
    terms = []
    for line in body.strip().splitlines():
        cells = line.split("\t")
        term = cells[0].lower()
        cats = [ids[c.strip()] for c in cells[1:] if c.strip() in ids]
        terms.append((term.rstrip("*"), term.endswith("*"), cats))
    return len(ids), terms


def aho(dic, corpus):
    import ahocorasick

    ncat, terms = read_dic(dic)
    auto = ahocorasick.Automaton()
    for i, (t, prefix, cats) in enumerate(terms):
        if t:
            auto.add_word(t, (len(t), prefix, cats))
    auto.make_automaton()
    counts = [0] * ncat
    docs = matches = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            text = json.loads(line)["text"].lower()
            docs += 1
            n = len(text)
            for end, (length, prefix, cats) in auto.iter_long(text):
                start = end - length + 1
                if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                    continue
                if not prefix and end + 1 < n and (text[end + 1].isalnum() or text[end + 1] == "_"):
                    continue
                matches += 1
                for c in cats:
                    counts[c] += 1
    print("documents", docs, "matches", matches, counts)


def sklearn(corpus, labels):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    classes = {}
    with open(labels, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            classes[row["id"]] = row["class"]
    texts, ys = [], []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                texts.append(r["text"])
                ys.append(classes.get(re.sub(r"-r\d+$", "", r["id"])))
    x = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)
    known = [i for i, y in enumerate(ys) if y is not None]
    model = LogisticRegression(max_iter=1000).fit(x[known], [ys[i] for i in known])
    predicted = model.predict(x)
    print("documents", len(texts), "labelled", len(known), "predicted", len(predicted))


if __name__ == "__main__":
    if sys.argv[1] == "aho":
        aho(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "sklearn":
        sklearn(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: peers.py aho DICT CORPUS | sklearn CORPUS LABELS")
