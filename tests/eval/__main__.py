"""`make eval` (`python -m tests.eval`): how well search finds the labelled corpus, per language pair.

From a fresh database (build/eval/work/, wiped first): `migrate`, `load_demo`, the corpus built into
files and imported with `import_library --audience public`, then for each engine (embedded; and
Elasticsearch when ELASTICSEARCH_URL is set, else a node started with tools/es-runner/es.sh if that
works here) `search_index rebuild` and every query through GET /api/v1/search as an anonymous
reader whose browser asks for the query's language. Each configuration of CONFIGURATIONS runs when
the API declares its switches (in /api/v1/openapi.json); the others print "not available".
Wagtail's default database search over the same pages (`Page.objects.live().search(q)`, what a
Wagtail site's search view does) is the baseline.

Prints nDCG@10 and recall@10 per (query language, document language) pair and their within- and
cross-language means; writes build/eval/results.txt and build/eval/results.json.

Two sets of judgements: the corpus's alone (queries.yaml; every demo record counts as irrelevant, so the
figures stay comparable with earlier runs), and "pooled", which adds demo_judgements.yaml: every demo
record some system put in a language's first 10 for the query, judged by its content. A demo record in a
first 10 that demo_judgements.yaml does not judge counts as irrelevant and is counted as "unjudged": when
that count is not 0, the pool is out of date (the demo or the ranking changed) and wants judging.
"""

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
QUERIES = HERE / "queries.yaml"
DEMO_JUDGEMENTS = HERE / "demo_judgements.yaml"
DEPTH = 100  # results fetched per query (the API's largest page); each pair keeps its language's first 10
ES_RUNNER = ROOT / "tools" / "es-runner" / "es.sh"
ES_PORT = 9259  # a node of its own when `make eval` starts one (ES_INSTANCE=eval)


@dataclasses.dataclass(frozen=True)
class Configuration:
    """One way of searching: the API parameters that switch parts of the ranking on or off.

    A configuration runs only when /api/v1/openapi.json declares every parameter it sets; an empty
    `params` is the search as the settings configure it, and always runs.
    """

    name: str
    params: dict


CONFIGURATIONS = (
    Configuration("keyword only", {"thesaurus": "0", "semantic": "0"}),
    Configuration("+ thesaurus", {"thesaurus": "1", "semantic": "0"}),
    Configuration("+ embeddings", {"thesaurus": "0", "semantic": "1"}),
    Configuration("all fused", {"thesaurus": "1", "semantic": "1"}),
    Configuration("as configured", {}),
)
WAGTAIL = "wagtail database search (baseline)"


def load_queries(path=QUERIES):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_demo_judgements(path=DEMO_JUDGEMENTS):
    """{query id: {demo record key: grade 0, 1 or 2}} (see demo_keys for the keys)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def say(message):
    print(message, flush=True)


class Step:
    """A numbered line per stage with how long it took: the run takes minutes and says where it is."""

    def __init__(self, total):
        self.total, self.number = total, 0

    def __call__(self, label):
        self.number += 1
        say(f"[{self.number}/{self.total}] {label}")
        return self

    def __enter__(self):
        self.started = time.perf_counter()

    def __exit__(self, *exc):
        if exc[0] is None:
            say(f"      done in {time.perf_counter() - self.started:.1f} s")


# --- Elasticsearch: the configured node, or one started for this run -------------------------------------


def _reachable(url):
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 9200), timeout=2):
            return True
    except OSError:
        return False


def elasticsearch_url(start):
    """(url or "", why not, started node or False): ELASTICSEARCH_URL, else a node es.sh starts."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if url:
        return (url, "", False) if _reachable(url) else ("", f"ELASTICSEARCH_URL={url} does not answer", False)
    if not start:
        return "", "ELASTICSEARCH_URL is not set", False
    say(f"      ELASTICSEARCH_URL is not set: starting a node with {ES_RUNNER.relative_to(ROOT)} on port {ES_PORT}")
    env = {**os.environ, "ES_INSTANCE": "eval"}
    done = subprocess.run(["bash", str(ES_RUNNER), "start", "-p", str(ES_PORT)], env=env, cwd=ROOT, check=False)
    if done.returncode != 0:
        return "", f"no node: {ES_RUNNER.relative_to(ROOT)} start failed (exit {done.returncode})", False
    return f"http://127.0.0.1:{ES_PORT}", "", True


def stop_elasticsearch():
    env = {**os.environ, "ES_INSTANCE": "eval"}
    subprocess.run(["bash", str(ES_RUNNER), "stop"], env=env, cwd=ROOT, check=False)


# --- The site: a fresh database with the demo and the corpus ---------------------------------------------


def build_site(step, library):
    from django.core.management import call_command

    from tests.eval import corpus

    with step("A fresh database: migrate"):
        call_command("migrate", interactive=False, verbosity=0)
    with step("The demo: load_demo"):
        call_command("load_demo", stdout=_Quiet())
    with step(f"The corpus: {len(corpus.sources())} files built under {library}"):
        shutil.rmtree(library, ignore_errors=True)
        hashes = corpus.build(library)
    with step("import_library --audience public"):
        call_command("import_library", str(library), metadata=str(library / corpus.METADATA_NAME), audience="public")
    with step("Wagtail's own search index: update_index"):
        call_command("update_index", verbosity=0)
    corpus_ids = record_map(hashes)
    keys, items = demo_keys(set(corpus_ids))
    return Records(corpus_ids, keys, items)


class _Quiet:
    """Swallows the demo loader's lines (the step line says what happens)."""

    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def record_map(hashes):
    """{search record id: corpus document id} for every imported file and each page that presents it."""
    from cms_pages.models import DocumentPage, LibraryDocument

    documents = dict(
        LibraryDocument.objects.filter(content_hash__in=hashes).values_list("pk", "content_hash").iterator()
    )
    mapping = {f"document:{pk}": hashes[content_hash] for pk, content_hash in documents.items()}
    for page, document in DocumentPage.objects.filter(document__in=documents).values_list("pk", "document"):
        mapping[f"page:{page}"] = hashes[documents[document]]
    missing = set(hashes.values()) - set(mapping.values())
    if missing:
        say(f"      warning: {len(missing)} corpus files were not imported: {', '.join(sorted(missing))}")
    return mapping


def demo_keys(corpus_ids):
    """{search record id: (stable key, language)} for every record search holds that is no corpus document,
    and {stable key: search group} (the item a record is a language version of).

    Record ids carry primary keys, which follow the order the demo is loaded in: the same on every fresh
    run, but one record added to the demo shifts all those loaded after it. The keys of demo_judgements.yaml
    are what the demo itself names: "page:<url_path>", "service:<English name>@<language of the record>",
    "lesson:<title>", "thread:<title>" and "document:<title>" (a library file no page presents). The
    language is the record's own, the one search files it under (a document page's is its file's, which
    need not be its page tree's).
    """
    from wagtail.models import Page

    from cms_pages.mapping.models import Service
    from cms_pages.models import LibraryDocument
    from communities.models import Lesson, Thread
    from search.sources import all_records

    names = {
        "page": dict(Page.objects.values_list("pk", "url_path")),
        "service": dict(Service.objects.values_list("pk", "name_en")),
        **{
            kind: dict(model.objects.values_list("pk", "title"))
            for kind, model in (("lesson", Lesson), ("thread", Thread), ("document", LibraryDocument))
        },
    }
    keys, items = {}, {}
    for record in all_records():
        if record.id in corpus_ids:
            continue
        items[record.id] = record.group_key  # a record of no group is an item of its own
        kind, _colon, pk = record.id.partition(":")
        if kind == "service":
            pk, _dash, _language = pk.partition("-")
        name = names.get(kind, {}).get(int(pk)) if pk.isdigit() else None
        if name is None:  # a kind of record the eval does not know yet: judged by its id, which may change
            keys[record.id] = (record.id, record.language)
        else:
            keys[record.id] = (f"{kind}:{name}" + (f"@{record.language}" if kind == "service" else ""), record.language)
    clashes = len(keys) - len({key for key, _language in keys.values()})
    if clashes:
        say(f"      warning: {clashes} demo records share a key with another; their judgements are ambiguous")
    return keys, {keys[record_id][0]: group for record_id, group in items.items()}


@dataclasses.dataclass
class Records:
    """What the run's search record ids stand for: corpus documents, and demo records by their stable keys."""

    corpus: dict  # {record id: corpus document id}
    demo: dict  # {record id: (stable key, language)}
    items: dict = dataclasses.field(default_factory=dict)  # {stable key: search group (the item it is a version of)}

    def __post_init__(self):
        self.languages = dict(self.demo.values())

    def result(self, record_id, engine_language):
        """A ranked result. A corpus document is judged in its true language; anything else in the language
        the engine gave it. `key` is the corpus document id or the demo record's stable key (its record id
        when it has none); `key_language` is the language its pooled judgement counts in: the record's own,
        which only the Wagtail baseline (a page's locale) can contradict."""
        document = self.corpus.get(record_id)
        key = document or self.demo.get(record_id, (record_id, ""))[0]
        language = document.split("/")[0] if document else engine_language
        return {
            "document": document,
            "language": language,
            "id": record_id,
            "key": key,
            "key_language": self.languages.get(key, language),
        }

    def language_of(self, key):
        return self.languages[key] if key in self.languages else key.split("/")[0]


# --- Running the queries ----------------------------------------------------------------------------------


def declared_parameters(client):
    schema = client.get("/api/v1/openapi.json").json()
    return {param["name"] for param in schema["paths"]["/api/v1/search"]["get"].get("parameters", [])}


def api_ranking(client, query, params, records):
    response = client.get(
        "/api/v1/search", {"q": query["text"], "page_size": DEPTH, **params}, HTTP_ACCEPT_LANGUAGE=query["language"]
    )
    if response.status_code != 200:
        raise RuntimeError(f"{query['id']} {query['text']!r}: HTTP {response.status_code} {response.content[:200]!r}")
    return [records.result(hit["id"], hit["language"]) for hit in response.json()["results"]]


def wagtail_ranking(query, records):
    from wagtail.models import Locale, Page

    languages = dict(Locale.objects.values_list("pk", "language_code"))
    pages = Page.objects.live().search(query["text"])[:DEPTH]
    return [records.result(f"page:{page.pk}", languages.get(page.locale_id, "")) for page in pages]


def pooled_judgements(query, records, demo_judgements, results=()):
    """The corpus's judgements of `query` and those of the demo records this site has.

    Search shows one language version of an item (its search group), and which one depends on the reader
    and the ranking. So a version in `results` that the pool does not judge, of an item the pool judged in
    another version, stands for that item: it takes the item's grade, and the version judged instead leaves
    the judgements (an item counts once, in the language it was shown in)."""
    judged = demo_judgements.get(query["id"], {})
    own = {key: grade for key, grade in judged.items() if key in records.languages}
    judged_versions = {}
    for key in own:
        judged_versions.setdefault(records.items.get(key), []).append(key)
    for result in results:
        key = result["key"]
        item = records.items.get(key)
        if key in own or item is None or not judged_versions.get(item):
            continue
        versions = judged_versions.pop(item)
        own[key] = max(own.pop(version) for version in versions)
    return {**query["relevant"], **own}


def unjudged(results, judged):
    """The keys of the demo records (or other results that are no corpus document) in some language's first 10
    that `judged` lacks."""
    firsts, missing = {}, []
    for result in results:
        shown = firsts.setdefault(result["key_language"], [])
        if len(shown) >= 10:
            continue
        shown.append(result)
        if result["document"] is None and result["key"] not in judged and result["key"] not in missing:
            missing.append(result["key"])
    return missing


def evaluate(queries, rank, label, records, demo_judgements):
    from tqdm import tqdm

    from tests.eval import metrics

    per_query = []
    for query in tqdm(queries, desc=f"      {label}", unit="query", file=sys.stdout, leave=False):
        results = rank(query)
        ranking = [result["document"] for result in results]
        judgements = query["relevant"]
        pairs = metrics.pair_scores(
            [(result["document"], result["language"]) for result in results],
            judgements,
            query["language"],
            lambda doc: doc.split("/")[0],
        )
        keys = [result["key"] for result in results]
        pooled = pooled_judgements(query, records, demo_judgements, results)
        pooled_pairs = metrics.pair_scores(
            [(result["key"], result["key_language"]) for result in results],
            pooled,
            query["language"],
            records.language_of,
        )
        per_query.append(
            {
                "id": query["id"],
                "language": query["language"],
                "shape": query["shape"],
                "text": query["text"],
                "pairs": pairs,
                "all": (metrics.ndcg(ranking, judgements), metrics.recall(ranking, judgements)),
                "duplicates": metrics.duplicates(ranking),
                "pooled_pairs": pooled_pairs,
                "pooled_all": (metrics.ndcg(keys, pooled), metrics.recall(keys, pooled)),
                "unjudged": unjudged(results, pooled),
                "top": keys[: metrics.K],
            }
        )
    summary = metrics.summarise(per_query)
    summary["pooled"] = metrics.summarise(
        [{"pairs": q["pooled_pairs"], "all": q["pooled_all"], "duplicates": q["duplicates"]} for q in per_query]
    )
    del summary["pooled"]["duplicates"]
    summary["unjudged"] = sum(len(q["unjudged"]) for q in per_query)
    summary["by_shape"] = {
        shape: round(sum(q["all"][0] for q in per_query if q["shape"] == shape) / count, 4)
        for shape, count in _counts(q["shape"] for q in per_query).items()
    }
    summary["queries"] = [
        {
            **q,
            "pairs": {f"{a}>{b}": [round(v, 4) for v in value] for (a, b), value in q["pairs"].items()},
            "pooled_pairs": {f"{a}>{b}": [round(v, 4) for v in value] for (a, b), value in q["pooled_pairs"].items()},
        }
        for q in per_query
    ]
    return summary


def _counts(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def run_engine(step, engine, url, queries, records, demo_judgements):
    """{configuration name: summary or the reason it did not run} for one engine."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings

    from search import views
    from search.engine import get_engine, reset_engine

    search = {**settings.SEARCH, "ENGINE": engine}
    if url:
        search["ELASTICSEARCH"] = {**settings.SEARCH["ELASTICSEARCH"], "url": url}
    runs = {}
    with override_settings(SEARCH=search):
        reset_engine()
        try:
            with step(f"{engine}: search_index rebuild" + (f" (index prefix {search['INDEX_PREFIX']})" if url else "")):
                call_command("search_index", "rebuild", "--no-progress")
            client = Client()
            views.API_RATE = (10**9, 60)  # every query of the run comes from one client
            declared = declared_parameters(client)
            with step(f"{engine}: {len(queries)} queries through /api/v1/search"):
                for configuration in CONFIGURATIONS:
                    missing = sorted(set(configuration.params) - declared)
                    if missing:
                        runs[configuration.name] = {"not_available": f"the API has no {', '.join(missing)} parameter"}
                        continue
                    runs[configuration.name] = evaluate(
                        queries,
                        lambda query, params=configuration.params: api_ranking(client, query, params, records),
                        configuration.name,
                        records,
                        demo_judgements,
                    )
        finally:
            if engine == "elasticsearch":
                with contextlib.suppress(Exception):  # an unreachable node keeps nothing to remove
                    get_engine().drop()  # the evaluation's index leaves the (possibly shared) node
            reset_engine()
    return runs


# --- Output -----------------------------------------------------------------------------------------------


def _figure(value, key):
    return f"{value[key]:.3f}" if value else "  -  "


def _summary_header(last):
    """The heading of a summary table: the figures' columns, then `last` (a count)."""
    return (
        f"{'system':<46} {'within nDCG':>11} {'within R':>9} {'cross nDCG':>11} {'cross R':>9} "
        f"{'all nDCG':>9} {'all R':>7} {last:>{max(len(last), 4)}}"
    )


def _summary_row(name, figures, last, width):
    """One system's line of a summary table: its `figures` (within, cross, all), then `last`."""
    return (
        f"{name:<46} {_figure(figures['within'], 'ndcg'):>11} {_figure(figures['within'], 'recall'):>9} "
        f"{_figure(figures['cross'], 'ndcg'):>11} {_figure(figures['cross'], 'recall'):>9} "
        f"{_figure(figures['all'], 'ndcg'):>9} {_figure(figures['all'], 'recall'):>7} {last:>{width}}"
    )


def table(report):
    languages = report["languages"]
    lines = [
        f"kms search evaluation: {report['queries']} queries, {report['documents']} corpus documents "
        f"({report['corpus_by_language']}), nDCG@10 / recall@10",
        "",
        _summary_header("dup"),
    ]
    for name, summary in report["systems"].items():
        if "not_available" in summary:
            lines.append(f"{name:<46} not available ({summary['not_available']})")
            continue
        lines.append(_summary_row(name, summary, summary["duplicates"], 4))
    lines += [
        "",
        f"Pooled: the same runs judged with {DEMO_JUDGEMENTS.name} as well ({report['demo_judged']} demo records "
        f"judged, {report['demo_relevant']} of them relevant); unjudged = demo records in a first 10 it does not judge",
        "",
        _summary_header("unjudged"),
    ]
    for name, summary in report["systems"].items():
        if "not_available" not in summary:
            lines.append(_summary_row(name, summary["pooled"], summary["unjudged"], 8))
    for name, summary in report["systems"].items():
        if "not_available" in summary:
            continue
        lines += ["", f"{name}: nDCG@10 / recall@10, query language (rows) x document language (columns)"]
        lines.append("      " + "".join(f"{language:>14}" for language in languages))
        for query_language in languages:
            cells = []
            for language in languages:
                value = summary["pairs"].get(f"{query_language}>{language}")
                cells.append(f"{value['ndcg']:.2f} / {value['recall']:.2f}" if value else "-")
            lines.append(f"  {query_language:<4}" + "".join(f"{cell:>14}" for cell in cells))
        shapes = ", ".join(f"{shape} {value:.2f}" for shape, value in summary["by_shape"].items())
        lines.append(f"  all-language nDCG@10 by query shape: {shapes}")
    for name, why in report["skipped"].items():
        lines.append(f"\n{name}: not run ({why})")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--engines", default="embedded,elasticsearch", help="Comma-separated (default: both).")
    parser.add_argument("--out", default=str(ROOT / "build" / "eval"), help="Where results go (default build/eval).")
    parser.add_argument("--no-wagtail", action="store_true", help="Skip the Wagtail baseline.")
    parser.add_argument(
        "--no-start-es",
        action="store_true",
        help="Without ELASTICSEARCH_URL, skip Elasticsearch instead of starting a node.",
    )
    args = parser.parse_args(argv)
    engines = [engine.strip() for engine in args.engines.split(",") if engine.strip()]
    unknown = set(engines) - {"embedded", "elasticsearch"}
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")

    out = Path(args.out).resolve()
    os.environ["EVAL_DIR"] = str(out)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.eval.settings"
    shutil.rmtree(out / "work", ignore_errors=True)
    (out / "work").mkdir(parents=True)

    queries = load_queries()
    demo_judgements = load_demo_judgements()
    step = Step(5 + 2 * len(engines) + ("elasticsearch" in engines))
    skipped, es_url, started_node = {}, "", False
    if "elasticsearch" in engines:
        with step("Elasticsearch: finding a node"):
            es_url, why, started_node = elasticsearch_url(start=not args.no_start_es)
        if not es_url:
            skipped["elasticsearch"] = why
            engines.remove("elasticsearch")
            say(f"      Elasticsearch skipped: {why}")
            step.total -= 2
    try:
        import django

        django.setup()
        from tests.eval import corpus

        started = time.perf_counter()
        records = build_site(step, out / "work" / "library")
        stale = sorted({key for judged in demo_judgements.values() for key in judged} - set(records.languages))
        if stale:
            shown = ", ".join(stale[:10]) + (", ..." if len(stale) > 10 else "")
            say(f"      warning: {len(stale)} keys of {DEMO_JUDGEMENTS.name} name no record here: {shown}")
        systems = {}
        for engine in engines:
            try:
                runs = run_engine(
                    step, engine, es_url if engine == "elasticsearch" else "", queries, records, demo_judgements
                )
            except Exception as error:  # an engine that fails is reported; the others' figures still come out
                say(f"      {engine} failed: {error}")
                skipped[engine] = f"failed: {error}"
                continue
            for name, summary in runs.items():
                systems[f"{engine} · {name}"] = summary
        if not args.no_wagtail:
            say("      Wagtail baseline")
            systems[WAGTAIL] = evaluate(
                queries, lambda query: wagtail_ranking(query, records), "wagtail", records, demo_judgements
            )
    finally:
        if started_node:
            stop_elasticsearch()

    documents = corpus.sources()
    report = {
        "queries": len(queries),
        "documents": len(documents),
        "corpus_by_language": ", ".join(
            f"{language} {sum(d.language == language for d in documents)}" for language in corpus.LANGUAGES
        ),
        "languages": list(corpus.LANGUAGES),
        "k": 10,
        "demo_judged": sum(len(judged) for judged in demo_judgements.values()),
        "demo_relevant": sum(grade > 0 for judged in demo_judgements.values() for grade in judged.values()),
        "elapsed_s": round(time.perf_counter() - started, 1),
        "systems": systems,
        "skipped": skipped,
    }
    text = table(report)
    say("\n" + text)
    (out / "results.txt").write_text(text + "\n", encoding="utf-8")
    (out / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    say(f"\nWritten: {out / 'results.txt'} and {out / 'results.json'} ({report['elapsed_s']} s)")


if __name__ == "__main__":
    main()
