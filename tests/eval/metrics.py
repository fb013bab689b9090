"""nDCG@k and recall@k over graded judgements, and their means per language pair.

A ranking is a list of document ids (None for a result that is no corpus document, such as a
demo page). A document that comes back a second time (its page and its file as two hits) takes
a place in the ranking and gains nothing: a result list that shows one document twice is worse
than one that shows two documents.
"""

import math
import statistics

K = 10


def gain(grade):
    return 2**grade - 1


def dcg(grades):
    return sum(gain(grade) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def _grades(ranking, judgements, k):
    seen, grades = set(), []
    for doc in ranking[:k]:
        grades.append(judgements.get(doc, 0) if doc is not None and doc not in seen else 0)
        seen.add(doc)
    return grades


def ndcg(ranking, judgements, k=K):
    """Normalised discounted cumulative gain of the first `k` results; None when nothing is relevant."""
    ideal = dcg(sorted((grade for grade in judgements.values() if grade > 0), reverse=True)[:k])
    if ideal == 0:
        return None
    return dcg(_grades(ranking, judgements, k)) / ideal


def recall(ranking, judgements, k=K):
    """The share of the relevant documents (grade 1 or more) found in the first `k` results; None when none is."""
    relevant = {doc for doc, grade in judgements.items() if grade > 0}
    if not relevant:
        return None
    return len(relevant & {doc for doc in ranking[:k] if doc is not None}) / len(relevant)


def duplicates(ranking, k=K):
    """How many of the first `k` results repeat a document shown above them."""
    shown = [doc for doc in ranking[:k] if doc is not None]
    return len(shown) - len(set(shown))


def pair_scores(results, judgements, query_language, language_of, k=K):
    """{document language: (nDCG@k, recall@k)} for one query, each language judged on its own.

    `results` is the ranking as [(document id or None, language)] (the language of a result that
    is no corpus document is the one the engine gave it). For the pair (query language, L), the
    ranking keeps only results in L, as a reader filtering on L would see them, and is judged
    against the documents in L.
    """
    scores = {}
    for language in sorted({language_of(doc) for doc in judgements}):
        ranking = [doc for doc, result_language in results if result_language == language]
        wanted = {doc: grade for doc, grade in judgements.items() if language_of(doc) == language}
        pair_ndcg, pair_recall = ndcg(ranking, wanted, k), recall(ranking, wanted, k)
        if pair_ndcg is not None:
            scores[(query_language, language)] = (pair_ndcg, pair_recall)
    return scores


def summarise(per_query):
    """Means over a run's queries: {"pairs": {"en>fr": {...}}, "within": ..., "cross": ..., "all": ...}.

    `per_query` is a list of {"pairs": {(query language, document language): (nDCG, recall)},
    "all": (nDCG, recall), "duplicates": n}. Within- and cross-language means are taken over
    every (query, document language) pair of that kind.
    """

    def mean(values):
        values = list(values)
        return (
            {
                "ndcg": statistics.fmean(v[0] for v in values),
                "recall": statistics.fmean(v[1] for v in values),
                "n": len(values),
            }
            if values
            else None
        )

    pairs = {}
    for query in per_query:
        for pair, value in query["pairs"].items():
            pairs.setdefault(pair, []).append(value)
    flat = [(pair, value) for pair, values in pairs.items() for value in values]
    return {
        "pairs": {f"{q}>{d}": mean(values) for (q, d), values in sorted(pairs.items())},
        "within": mean(value for (q, d), value in flat if q == d),
        "cross": mean(value for (q, d), value in flat if q != d),
        "all": mean(query["all"] for query in per_query),
        "duplicates": sum(query["duplicates"] for query in per_query),
    }
