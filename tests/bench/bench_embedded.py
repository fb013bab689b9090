"""Embedded engine benchmark: bulk indexing, search latency and file size on 10,000 synthetic records.

Run with `.venv/bin/python -m pytest tests/bench/bench_embedded.py -q -s`; prints lines
starting with BENCH, asserts nothing about time. The corpus is synthetic but shaped like
the site's: real domain words of the four languages (Zipf-distributed, mixed with a long
tail of generated words so the vocabulary is realistic), language versions grouped, a
few members-only and staff records. Also measured, for comparison, the alternative of
no full-text index at all (a LIKE scan over the same SQLite data) and, when the
`tantivy` package is importable, a Tantivy index of the same corpus.
"""

import datetime
import itertools
import random
import sqlite3
import statistics
import time

import pytest

from search import textanalysis
from search.analysis import NEUTRAL
from search.engines.embedded import EmbeddedEngine
from search.query import Query
from search.records import PUBLIC, STAFF, Record

RECORDS = 10_000
QUERIES = 100
SEED = 20250301

WORDS = {
    "en": "migration migrants returnees return reintegration livelihoods training vocational support community "
    "protection children families health education employment youth women partnership government border "
    "labour mobility remittances diaspora refugees asylum housing cash transfers assessment survey report "
    "project partners programme counselling psychosocial business grants skills networks municipality "
    "policy data research evaluation lessons learned peer groups displacement climate resilience".split(),
    "fr": "migration migrants rapatriés retour réintégration subsistance formation professionnelle soutien "
    "communauté protection enfants familles santé éducation emploi jeunesse femmes partenariat gouvernement "
    "frontière travail mobilité transferts diaspora réfugiés asile logement espèces évaluation enquête rapport "
    "projet partenaires programme accompagnement psychosocial entreprise subventions compétences réseaux "
    "municipalité politique données recherche leçons apprises pairs déplacement climat résilience".split(),
    "ar": "الهجرة المهاجرين العائدين العودة إعادة الإدماج سبل العيش التدريب المهني الدعم المجتمع الحماية الأطفال "
    "الأسر الصحة التعليم التوظيف الشباب النساء الشراكة الحكومة الحدود العمل التنقل التحويلات المغتربين "
    "اللاجئين اللجوء السكن النقدية التقييم المسح التقرير المشروع الشركاء البرنامج الإرشاد النفسي الأعمال "
    "المنح المهارات الشبكات البلدية السياسة البيانات البحث الدروس المستفادة الأقران النزوح المناخ".split(),
    "nl": "migratie migranten terugkeerders terugkeer re-integratie levensonderhoud opleiding beroepsopleiding "
    "ondersteuning gemeenschap bescherming kinderen gezinnen gezondheid onderwijs werkgelegenheid jongeren "
    "vrouwen partnerschap overheid grens arbeid mobiliteit overmakingen diaspora vluchtelingen asiel "
    "huisvesting contant evaluatie onderzoek rapport project partners programma begeleiding psychosociaal "
    "bedrijven subsidies vaardigheden netwerken gemeente beleid gegevens lessen geleerd collega's".split(),
}
FUNCTION_WORDS = {
    "en": "the and of in for with to a on by is was this that".split(),
    "fr": "le la les des de du et en pour avec dans sur une un est l'".split(),
    "ar": "في من على إلى مع عن هذا التي الذي و".split(),
    "nl": "de het een van en in voor met op door is was dit dat".split(),
}
COUNTRIES = "TN MA EG LY SN GN ML NE NG GH CI ET SD SO IQ SY AF".split()
THEMES = "livelihoods reintegration protection cash-based-interventions health education labour-mobility".split()
ORGANISATIONS = "iom unhcr drc enabel giz undp unicef ilo".split()
SYLLABLES = {
    "en": "ba co de fi gra hu in jo ka lo mi na pro re sta ti un ver wa".split(),
    "fr": "ba cé de fi gra hu in jo ka lo mi na pro ré sta ti un vè wa".split(),
    "ar": "با تو جي دا را سم شر عل فه قو كا لم من هو يا".split(),
    "nl": "ba co de fi gra hu in jo ka lo mi na pro re sta ti un ver wa".split(),
}


def vocabulary(rng, language, size=4000):
    """Domain words first (the frequent ones), then generated words: a Zipf-ranked list."""
    generated = {"".join(rng.choice(SYLLABLES[language]) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    return WORDS[language] + sorted(generated)


def sentence(rng, vocab, cumulative, language, length):
    drawn = rng.choices(vocab, cum_weights=cumulative, k=length)
    function_words = FUNCTION_WORDS[language]
    return " ".join(rng.choice(function_words) if rng.random() < 0.3 else word for word in drawn)


def make_corpus(count=RECORDS, seed=SEED):
    rng = random.Random(seed)
    vocabs = {language: vocabulary(rng, language) for language in WORDS}
    weights = {
        language: list(itertools.accumulate(1 / (rank + 1) for rank in range(len(vocab))))
        for language, vocab in vocabs.items()
    }
    records, group = [], 0
    while len(records) < count:
        group += 1
        languages = rng.choices(
            [["en"], ["fr"], ["ar"], ["nl"], ["en", "fr"], ["en", "fr", "ar"], [""]], [30, 15, 10, 10, 20, 10, 5]
        )[0]
        kind = rng.choice(["news", "document", "report", "publication", "lesson"])
        audiences = rng.choices([(PUBLIC,), ("community:3",), (STAFF,)], [85, 10, 5])[0]
        date = (
            datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3800)) if rng.random() > 0.03 else None
        )
        countries = tuple(rng.sample(COUNTRIES, rng.randint(1, 2)))
        themes = tuple(rng.sample(THEMES, rng.randint(1, 2)))
        organisations = tuple(rng.sample(ORGANISATIONS, rng.randint(0, 2)))
        body_length = int(min(3000, rng.lognormvariate(5.5, 0.8)))
        for language in languages:
            text_language = language or rng.choice(list(WORDS))
            vocab, weight = vocabs[text_language], weights[text_language]
            records.append(
                Record(
                    id=f"bench:{len(records)}",
                    kind=kind,
                    url=f"/{language or 'x'}/bench/{len(records)}/",
                    title=sentence(rng, vocab, weight, text_language, rng.randint(4, 10)).capitalize(),
                    summary=sentence(rng, vocab, weight, text_language, rng.randint(15, 40)),
                    body=sentence(rng, vocab, weight, text_language, body_length),
                    language=language,
                    countries=countries,
                    themes=themes,
                    organisations=organisations,
                    date=date,
                    audiences=audiences,
                    group=f"g{group}" if len(languages) > 1 else "",
                )
            )
    return records[:count]


def make_queries(count=QUERIES, seed=SEED + 1):
    rng = random.Random(seed)
    queries = []
    for number in range(count):
        language = rng.choice(list(WORDS))
        words = rng.sample(WORDS[language][:40], rng.choice([1, 1, 2, 2, 3]))
        text = " ".join(words)
        if number % 10 == 0:
            text = ""  # browse: everything, newest first
        elif number % 10 == 1 and len(words[0]) > 5:
            text = words[0][:3] + words[0][4:]  # a typo: no result, a suggestion
        filters = {}
        if number % 4 == 0:
            filters["kind"] = (rng.choice(["news", "report"]),)
        if number % 6 == 0:
            filters["country"] = tuple(rng.sample(COUNTRIES, 2))
        queries.append(
            Query(
                text=text,
                filters=filters,
                sort="date" if number % 7 == 0 else "relevance",
                reader_language=language,
                audiences=frozenset({PUBLIC, "community:3"}) if number % 5 == 0 else frozenset({PUBLIC}),
            )
        )
    return queries


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(name, timings):
    timings_ms = [t * 1000 for t in timings]
    print(
        f"BENCH {name:<34} p50 {statistics.median(timings_ms):7.2f} ms  p95 {percentile(timings_ms, 0.95):7.2f} ms  max {max(timings_ms):7.2f} ms"
    )


@pytest.fixture(scope="module")
def corpus():
    return make_corpus()


@pytest.fixture(scope="module")
def queries():
    return make_queries()


@pytest.fixture(scope="module")
def engine(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "search.sqlite3"
    engine = EmbeddedEngine(path)
    engine.setup()
    started = time.perf_counter()
    written = engine.rebuild(iter(corpus))
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in path.parent.iterdir() if p.name.startswith(path.name))
    text_mb = sum(len(r.title) + len(r.summary) + len(r.body) for r in corpus) / 1e6
    print(f"\nBENCH corpus {written} records, {text_mb:.1f} M characters of text")
    print(f"BENCH embedded bulk index (rebuild)        {elapsed:6.2f} s  {written / elapsed:7.0f} records/s")
    print(f"BENCH embedded file size                   {size / 1e6:6.1f} MB")
    yield engine
    engine.drop()


def test_analysis_share(corpus):
    started = time.perf_counter()
    for record in corpus[:2000]:
        for code in {record.language or NEUTRAL, NEUTRAL}:
            for text in (record.title, record.summary, record.body):
                textanalysis.analyze(text, code)
    elapsed = (time.perf_counter() - started) / 2000 * len(corpus)
    print(f"BENCH python analysis alone (estimated)    {elapsed:6.2f} s  {len(corpus) / elapsed:7.0f} records/s")


def test_search_latency(engine, queries):
    for query in queries[:10]:
        engine.search(query)  # warm the page cache
    timings, totals, suggestions = [], [], 0
    for query in queries:
        started = time.perf_counter()
        results = engine.search(query)
        timings.append(time.perf_counter() - started)
        totals.append(results.total)
        suggestions += bool(results.suggestion)
    report(f"embedded search ({len(queries)} queries)", timings)
    print(
        f"BENCH embedded results: median total {statistics.median(totals):.0f} groups, {sum(t == 0 for t in totals)} empty, {suggestions} suggestions"
    )
    text_only = [q for q in queries if q.text]
    browse = [q for q in queries if not q.text]
    for name, subset in (("embedded search, with words", text_only), ("embedded search, browse (no words)", browse)):
        timings = []
        for query in subset:
            started = time.perf_counter()
            engine.search(query)
            timings.append(time.perf_counter() - started)
        report(name, timings)


def test_single_record_updates(engine, corpus):
    timings = []
    for record in corpus[:100]:
        started = time.perf_counter()
        engine.index([record])
        timings.append(time.perf_counter() - started)
    report("embedded index one record (commit)", timings)


def test_alternative_like_scan(corpus, queries, tmp_path):
    """No full-text index: a LIKE scan of the raw text in SQLite (no stemming, so fewer matches; count only)."""
    connection = sqlite3.connect(tmp_path / "scan.sqlite3")
    connection.execute("CREATE TABLE records (id TEXT PRIMARY KEY, title TEXT, summary TEXT, body TEXT)")
    connection.executemany(
        "INSERT INTO records VALUES (?, ?, ?, ?)", [(r.id, r.title, r.summary, r.body) for r in corpus]
    )
    connection.commit()
    timings = []
    for query in queries:
        words = query.text.lower().split()
        if not words:
            continue
        where = " AND ".join(["(title LIKE ? OR summary LIKE ? OR body LIKE ?)"] * len(words))
        params = [f"%{word}%" for word in words for _ in range(3)]
        started = time.perf_counter()
        connection.execute(f"SELECT count(*) FROM records WHERE {where}", params).fetchone()
        timings.append(time.perf_counter() - started)
    connection.close()
    report("alternative: LIKE scan, count only", timings)


def test_alternative_tantivy(corpus, queries, tmp_path):
    """Tantivy (Rust, through its Python binding), when installed: raw index and query speed, no facets or collapse."""
    tantivy = pytest.importorskip("tantivy")
    builder = tantivy.SchemaBuilder()
    for name in ("title", "summary", "body"):
        builder.add_text_field(name, stored=False, tokenizer_name="default")
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    schema = builder.build()
    index = tantivy.Index(schema, path=str(tmp_path))
    writer = index.writer()
    started = time.perf_counter()
    for record in corpus:
        # The same Python analysis feeds it, so the comparison is about the index, not the analysis.
        code = record.language or NEUTRAL
        writer.add_document(
            tantivy.Document(
                id=record.id,
                **{
                    name: " ".join(
                        textanalysis.analyze(getattr(record, name), code)
                        + textanalysis.analyze(getattr(record, name), NEUTRAL)
                    )
                    for name in ("title", "summary", "body")
                },
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in tmp_path.iterdir() if p.is_file())
    print(
        f"BENCH tantivy bulk index (same analysis)   {elapsed:6.2f} s  {len(corpus) / elapsed:7.0f} records/s  {size / 1e6:.1f} MB"
    )
    index.reload()
    searcher = index.searcher()
    timings = []
    for query in queries:
        if not query.text:
            continue
        terms = [term for term in textanalysis.analyze(query.text, query.reader_language or "en") if term.isalnum()]
        if not terms:
            continue
        started = time.perf_counter()
        parsed = index.parse_query(" AND ".join(terms), ["title", "summary", "body"])
        searcher.search(parsed, 20, count=True)
        timings.append(time.perf_counter() - started)
    report("alternative: tantivy top 20 + count", timings)
