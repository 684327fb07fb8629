"""Chinese search: the bigram index finds exactly what LIKE finds, for words of every length."""

from __future__ import annotations

import random
import sqlite3
import unicodedata
from urllib.parse import quote

from datasette.app import Datasette

from archive.datasette.cjk_search import (
    BIGRAM_TABLE,
    bigrams,
    match_expression,
    rebuild_bigram_index,
    register_functions,
    unigrams,
)
from archive.publish import make_datasette
from archive.schema import open_database
from tests.test_datasette_sample import Sample, _sample_template, ds, sample  # noqa: F401  (fixtures)

ALPHABET = "信息公开申请复议行政人，。 2A"


def _like(text: str, query: str) -> bool:
    """What a reader means: the query occurs in the text, ignoring spaces and width/case variants."""

    def squash(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).lower().split())

    terms = [squash(term) for term in query.split()]
    return bool(terms) and all(term in squash(text) for term in terms)


def test_bigram_matches_equal_substring_matches_on_random_text() -> None:
    rng = random.Random(20260101)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(300)]
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(bi, uni, content='', tokenize='unicode61')")
    conn.executemany("insert into t (rowid, bi, uni) values (?, ?, ?)",
                     [(i, bigrams(t), unigrams(t)) for i, t in enumerate(texts)])  # fmt: skip
    queries = {text[i : i + n] for text in texts[:60] for n in (1, 2, 3, 5) for i in range(0, max(len(text) - n, 0), 7)}
    queries |= {"复议 申请", "信息公开", "人", "ＡＢ", "，"}
    for query in sorted(queries):
        found = {r for (r,) in conn.execute("select rowid from t where t match ?", [match_expression(query)])}
        assert found == {i for i, t in enumerate(texts) if _like(t, query)}, repr(query)


def test_the_title_does_not_run_into_the_text() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(bi, uni, content='', tokenize='unicode61')")
    conn.execute("insert into t (rowid, bi, uni) values (1, ?, ?)", [bigrams("行政", "复议"), unigrams("行政", "复议")])
    assert conn.execute("select count(*) from t where t match ?", [match_expression("政复")]).fetchone() == (0,)
    assert conn.execute("select count(*) from t where t match ?", [match_expression("复议")]).fetchone() == (1,)


async def _search(ds: Datasette, query: str) -> set[str]:
    response = await ds.client.get(f"/nianbao/report_texts.json?_search={quote(query)}&_shape=array")
    assert response.status_code == 200, response.text
    return {row["sha256"] for row in response.json()}


async def test_table_search_finds_two_character_words_with_the_bigram_index(sample: Sample) -> None:
    reports = (sample.seed, sample.blanks, sample.pdf, sample.legacy)
    trigram = sqlite3.connect(sample.layout.db_path).execute(
        "select count(*) from report_texts_fts where report_texts_fts match ?", ['"复议"']).fetchone()[0]
    assert trigram == 0, "why the bigram index exists: trigrams cannot match two characters"
    datasette = make_datasette(sample.layout)
    for query in ("复议", "行政复议", "人", "宝山 2022", "申请"):
        expected = {r.sha256 for r in reports if _like(" ".join((r.title, r.agency, r.text)), query)}
        assert expected and await _search(datasette, query) == expected, query
    rows = (await datasette.client.get(f"/nianbao/search_texts.json?q={quote('复议')}&_shape=array")).json()
    assert {r["report_sha256"] for r in rows} == {r.sha256 for r in reports if "复议" in r.text}


def test_the_index_follows_report_texts(sample: Sample) -> None:
    db = open_database(sample.layout.db_path)

    def hits(query: str) -> int:
        sql = f"select count(*) from {BIGRAM_TABLE} where {BIGRAM_TABLE} match ?"
        return int(db.execute(sql, [match_expression(query)]).fetchone()[0])

    assert hits("收到申请") == 1
    db.execute("update report_texts set text = '改写' where sha256 = ?", [sample.legacy.sha256])
    assert hits("收到申请") == 0 and hits("改写") == 1
    db.execute("delete from report_texts where sha256 = ?", [sample.legacy.sha256])
    assert hits("改写") == 0
    rebuild_bigram_index(db)
    assert hits("复议") == 3


def test_writing_connections_need_the_functions(sample: Sample) -> None:
    conn = sqlite3.connect(sample.layout.db_path)
    try:
        conn.execute("delete from report_texts")
    except sqlite3.OperationalError as e:
        assert "nianbao_bigrams" in str(e)
    else:
        raise AssertionError("a write without the functions must fail, not leave the index stale")
    register_functions(conn)
    conn.execute("delete from report_texts")
