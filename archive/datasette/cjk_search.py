"""Chinese full-text search for words of any length: an FTS5 index of character bigrams."""

from __future__ import annotations

import functools
import sqlite3
import unicodedata

from sqlite_utils import Database

# The trigram index cannot match fewer than three characters, yet two-character words (复议, 申请,
# 公开) are most of Chinese. Indexed as overlapping bigrams (`bi`) and single characters (`uni`),
# a text matches a query's bigram phrase exactly when it contains the query, at any length
# (shared/research/dependency-checks.md §4). Whitespace is dropped on both sides: printed labels
# are split by spaces ("商业 企业").
BIGRAM_TABLE = "report_texts_bigram"
# Fields are joined by a private-use character: unicode61 keeps it inside tokens, so no bigram
# phrase can run from the end of a title into the agency or the text.
_FIELD_BREAK = "\ue000"


# unicode61 drops punctuation, which would let "复复。" match "复复，"; moved into the private-use
# plane 15, each mark becomes a token character of its own and matches only itself.
_PUNCTUATION_PLANE = 0xF0000


def _token_char(c: str) -> str:
    return c if c.isalnum() or ord(c) > 0xFFFF else chr(_PUNCTUATION_PLANE + ord(c))


class _TokenChars(dict[int, str]):
    """str.translate's table for _token_char, filled as characters are met: the index is built
    over every report's text, and a per-character Python call dominated the build."""

    def __missing__(self, code: int) -> str:
        self[code] = _token_char(chr(code))
        return self[code]


_TOKEN_CHARS = _TokenChars()


def normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split()).translate(_TOKEN_CHARS)


# The index is filled by calling bigrams(title, agency, text) then unigrams(title, agency, text)
# for each row: the second call reuses the first's normalised text.
@functools.lru_cache(maxsize=2)
def _joined(fields: tuple[str | None, ...]) -> str:
    return _FIELD_BREAK.join(normalise(f or "") for f in fields)


def bigrams(*fields: str | None) -> str:
    text = _joined(fields)
    return " ".join(map(str.__add__, text, text[1:]))


def unigrams(*fields: str | None) -> str:
    return " ".join(_joined(fields))


def _phrase(tokens: str) -> str:
    return '"' + tokens.replace('"', '""') + '"'


def match_expression(query: str) -> str:
    """An FTS5 query: every whitespace-separated term must occur (AND)."""
    terms = [normalise(term) for term in query.split()]
    parts = [f"uni : {_phrase(term)}" if len(term) == 1 else f"bi : {_phrase(bigrams(term))}" for term in terms if term]
    # An empty query must match nothing rather than raise an FTS5 syntax error.
    return " AND ".join(parts) or 'uni : "\ue001"'


def register_functions(conn: sqlite3.Connection) -> None:
    """Every connection that writes report_texts needs these: the index triggers call them."""
    conn.create_function("nianbao_bigrams", 3, bigrams, deterministic=True)
    conn.create_function("nianbao_unigrams", 3, unigrams, deterministic=True)
    conn.create_function("nianbao_match", 1, match_expression, deterministic=True)


_FIELDS = "nianbao_bigrams({r}.title, {r}.agency, {r}.text), nianbao_unigrams({r}.title, {r}.agency, {r}.text)"
_INSERT = f"insert into {BIGRAM_TABLE} (rowid, bi, uni) values (new.rowid, {_FIELDS.format(r='new')});"
# A contentless table forgets its text: a delete must hand back exactly what was indexed.
_DELETE = (
    f"insert into {BIGRAM_TABLE} ({BIGRAM_TABLE}, rowid, bi, uni)"
    f" values ('delete', old.rowid, {_FIELDS.format(r='old')});"
)
_TRIGGERS = {"ai": ("insert", _INSERT), "ad": ("delete", _DELETE), "au": ("update", f"{_DELETE}\n{_INSERT}")}


def create_bigram_index(db: Database) -> None:
    """The proposed migration body: a contentless FTS5 table (report_texts holds the text) kept in
    step by triggers, then filled."""
    register_functions(db.conn)
    db.execute(f"create virtual table {BIGRAM_TABLE} using fts5(bi, uni, content='', tokenize='unicode61')")
    for name, (event, body) in _TRIGGERS.items():
        db.execute(f"create trigger {BIGRAM_TABLE}_{name} after {event} on report_texts begin\n{body}\nend")
    rebuild_bigram_index(db)


def rebuild_bigram_index(db: Database) -> None:
    """Refill from report_texts; needed whenever `normalise` changes, or deletes would miss."""
    register_functions(db.conn)
    db.execute(f"insert into {BIGRAM_TABLE} ({BIGRAM_TABLE}) values ('delete-all')")
    db.execute(
        f"insert into {BIGRAM_TABLE} (rowid, bi, uni) select rowid,"
        " nianbao_bigrams(title, agency, text), nianbao_unigrams(title, agency, text) from report_texts"
    )


def has_bigram_index(conn: sqlite3.Connection) -> bool:
    row = conn.execute("select 1 from sqlite_master where type = 'table' and name = ?", [BIGRAM_TABLE]).fetchone()
    return row is not None


# search_texts (metadata.yaml) with the bigram index: every whitespace-separated term must occur.
# A two-character word can match every report: the matches are ordered by what `reports` holds,
# and only the SEARCH_LIMIT listed read their text for the context (texts run to 100 kB).
SEARCH_LIMIT = 100
_MATCHING = "select rowid from report_texts_bigram where report_texts_bigram match nianbao_match(:q)"
BIGRAM_SEARCH_SQL = f"""with listed as (
  select r.sha256, r.year, r.agency, r.title, t.rowid as text_rowid
  from report_texts as t
  join reports as r on r.sha256 = t.sha256
  where t.rowid in ({_MATCHING})
  order by r.year desc, r.agency
  limit {SEARCH_LIMIT}
)
select
  l.sha256 as report_sha256,
  l.year,
  l.agency,
  l.title,
  (select substr(text, max(instr(text, :q) - 30, 1), 90) from report_texts where rowid = l.text_rowid) as context,
  (select count(*) from ({_MATCHING})) as matches
from listed as l
order by l.year desc, l.agency"""
BIGRAM_SEARCH_DESCRIPTION = (
    "Reports whose title, agency or text contains every word of q (separate words with spaces; "
    "any length, e.g. 复议 诉讼; spaces inside the text are ignored), with the text around the "
    f"first occurrence of q. The {SEARCH_LIMIT} most recent are listed; matches counts them all. "
    "Every match, page by page: the search box of report_texts."
)
