"""Read articles: files, folders, globs, JSONL corpora and stdin → ``(article_id, text, meta)``.

Text files are decoded with a reliable guess: UTF-8 (with or without BOM), strict GB18030 (a
superset of GBK and GB2312), then chardet (for Big5; a guess of a non-Chinese encoding is
refused, not read as mojibake); a file cut off in the middle of a character loses only that
character. HTML pages go through trafilatura: the main text becomes the article (headline line,
blank line, body), and the page's title, date, author, site and URL become its metadata. A
JSONL corpus holds one article per line (``id``, ``text``, optional ``title``, ``url``,
``date``, ``source``). ``-`` reads one article from stdin.

Each input is first listed as a :class:`Source`, cheap to make and small to send to a worker
process; ``Source.read()`` does the decoding and HTML extraction. ``meta`` always has ``url``,
``date`` and ``headline`` (empty when unknown; what ``clean_article`` accepts), plus ``source``
and ``authors`` when the input says them. Article ids are stable: the file stem for ``.txt``
and ``.html``, the JSONL ``id`` (or ``<stem>-<line>``), ``stdin``.

In a folder, ``.txt``, ``.html`` and ``.htm`` files are read (dot-files skipped); a JSONL corpus
is read only when named (or matched by a glob); ``*.gold.jsonl`` files are gold, never input.
A folder named as input that holds no such file is reported, not silently skipped.

Limits: one article (a file, a JSONL line, stdin) is at most ``MAX_ARTICLE_BYTES`` (10 MB); a
larger input is refused with an InputError before it is read, so memory stays bounded whatever
the input. Bytes that are not UTF-8, GBK/GB18030 or Big5 are refused rather than guessed at.
Lone surrogates (from JSON ``\\ud800`` escapes or undecodable stdin) become U+FFFD, one for one.
"""
from __future__ import annotations

import codecs
import glob
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
CORPUS_SUFFIXES = (".jsonl",)
FOLDER_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES      # read when found in a folder
GOLD_SUFFIX = ".gold.jsonl"
STDIN = "-"
STDIN_ID = "stdin"

_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_GLOB_CHARS = re.compile(r"[*?\[]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
# Characters rare in Chinese news but typical of Big5 bytes read as GBK (kana, Greek, Cyrillic,
# box drawing, accented Latin, CJK extension A, private use).
_ODD = re.compile(r"[\u00c0-\u024f\u0370-\u052f\u2500-\u257f\u3040-\u30ff\u3400-\u4dbf\ue000-\uf8ff]")
_BODY_MIN = 25        # an article has at least one line this long (kg.clean's body line)
_SURROGATES = re.compile("[\ud800-\udfff]")
# What a detector's guess may be: the Chinese encodings zhkg reads (GBK and GB2312 are read as
# GB18030 before any guess). Single-byte guesses (Latin-1, cp1252 …) read any bytes as mojibake.
_DETECTED = {"big5", "big5hkscs", "cp950", "gb2312", "gbk", "gb18030", "hz"}

MAX_ARTICLE_BYTES = 10 * 1024 * 1024      # one article: a file, a JSONL line, or stdin
_MB = 1024 * 1024


def too_large(name: object, size: int | None = None) -> str:
    """The message for an input over ``MAX_ARTICLE_BYTES`` (``size`` in bytes, when known).

    >>> too_large("big.txt", 50 * 1024 * 1024)
    'big.txt: too large (50.0 MB); one article may be at most 10 MB (kg.read.MAX_ARTICLE_BYTES), so it was not read; split it into several articles'
    """
    size_text = f"{size / _MB:.1f} MB" if size is not None else f"over {MAX_ARTICLE_BYTES // _MB} MB"
    return (f"{name}: too large ({size_text}); one article may be at most "
            f"{MAX_ARTICLE_BYTES // _MB} MB (kg.read.MAX_ARTICLE_BYTES), so it was not read; "
            "split it into several articles")


def read_limited(path: str | Path) -> bytes:
    """A file's bytes; InputError if it cannot be read or is over ``MAX_ARTICLE_BYTES``.

    The size is checked before reading, and at most the limit plus one byte is ever read (a
    file that grows meanwhile, a device or FIFO whose size is unknown), so a huge input costs
    no memory.
    """
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_ARTICLE_BYTES:
                raise InputError(too_large(path, size))
            data = f.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(too_large(path))
    return data


# Decoding -------------------------------------------------------------------------------------

def _strict(data: bytes, encoding: str) -> str | None:
    """``data`` decoded strictly, forgiving only a character cut off at the very end."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and len(data) - exc.start <= 3:   # truncated mid-character
            try:
                return data[:exc.start].decode(encoding)
            except UnicodeDecodeError:
                return None
        return None


def _looks_binary(text: str) -> bool:
    """More than 1% control characters (other than tab, newline, CR, FF): not an article."""
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    return controls > max(2, len(text) // 100)


def _odd_share(text: str) -> float:
    wide = sum(1 for c in text if ord(c) > 0x7f)
    return len(_ODD.findall(text)) / wide if wide else 0.0


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode article bytes: UTF-8 (BOM or not), strict GB18030, then chardet if it guesses Big5.

    Big5 bytes mostly decode as GB18030 too, into kana, Greek and rare characters; when more
    than 5% of the non-ASCII characters are such and Big5 reads better, Big5 is taken.

    >>> decode("量子".encode("gbk"))
    '量子'
    >>> decode(b"\\xef\\xbb\\xbf" + "量子".encode())
    '量子'
    >>> decode("量子科技".encode("gbk")[:-1])   # cut off inside the last character
    '量子科'
    >>> decode("長三角聯盟與澳門大學簽署協議".encode("big5"))
    '長三角聯盟與澳門大學簽署協議'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], encoding)
            if text is None:
                raise InputError(f"{name}: not valid {encoding} although it starts with its BOM")
            return text
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: looks binary (NUL bytes), not an article")
    text = _strict(data, "utf-8")
    if text is None:
        text = _strict(data, "gb18030")
        if text is not None and _odd_share(text) > 0.05:   # Big5 also decodes as GB18030
            big5 = _strict(data, "big5hkscs")
            if big5 is not None and _odd_share(big5) < _odd_share(text):
                text = big5
    if text is None:
        import chardet  # only for files that are neither UTF-8 nor GB18030

        guess = chardet.detect(data[:65536]).get("encoding")
        try:
            if guess and codecs.lookup(guess).name in _DETECTED:
                text = data.decode(guess)
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None:
        raise InputError(f"{name}: cannot tell the text encoding (not UTF-8, GBK/GB18030 or Big5)")
    if _looks_binary(text[:65536]):
        raise InputError(f"{name}: looks binary (control characters), not an article")
    return text


def _no_surrogates(text: str) -> str:
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def _article_text(text: str, name: str) -> str:
    text = _no_surrogates(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError(f"{name}: empty article")
    return text


def read_text(path: str | Path) -> str:
    """The text of an article file, decoded, with ``\\n`` line ends; InputError if unusable."""
    return _article_text(decode(read_limited(path), str(path)), str(path))


# HTML -----------------------------------------------------------------------------------------

def _decode_html(data: bytes, name: str) -> str:
    """An HTML page's text: its declared charset (GB names read as GB18030), else ``decode``."""
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith(_BOMS[0][0]):
        declared = m.group(1).decode("ascii").lower()
        encoding = "gb18030" if declared in _GB else declared
        try:
            text = _strict(data, encoding)
        except LookupError:
            text = None
        if text is not None:
            return text
    return decode(data, name)


def _meta_authors(tree) -> list[str]:
    """``<meta name="author">`` values: trafilatura drops names without a space (Chinese ones)."""
    values = tree.xpath("//meta[@name='author' or @property='article:author']/@content")
    names: list[str] = []
    for value in values:
        names += [n.strip() for n in re.split(r"[;,，、；/|]+", value) if n.strip()]
    return [n for n in dict.fromkeys(names) if not n.lower().startswith("http")]


def html_article(page: str | bytes, name: str = "<html>") -> tuple[str, dict]:
    """The article in an HTML news page: ``(text, meta)``, or InputError when there is none.

    ``text`` is the headline line, a blank line and the main text as trafilatura extracts it
    (navigation, comments and page furniture left out); offsets of facts read from it are
    characters into this text. ``meta`` has ``headline``, ``date`` (ISO), ``url`` (the page's
    canonical or og:url address), and ``source`` (site name) and ``authors`` when known.
    """
    import trafilatura  # only for HTML input

    from kg.clean import parse_date

    if isinstance(page, bytes):
        page = _decode_html(page, name)
    page = re.sub(r"^\s*<\?xml[^>]*\?>", "", page)       # lxml refuses str with an encoding decl
    tree = trafilatura.load_html(page)
    if tree is None:
        raise InputError(f"{name}: not an HTML page")
    authors = _meta_authors(tree)
    doc = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False,
                                      favor_precision=True)
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise InputError(f"{name}: no article text found in the HTML page")
    title = " ".join((doc.title or "").split())
    lines = body.split("\n")
    while lines and title and " ".join(lines[0].split()) == title:   # the headline again
        lines.pop(0)
    body = "\n".join(lines).strip()
    if not any(len(line.strip()) >= _BODY_MIN for line in lines):
        raise InputError(f"{name}: no article text found in the HTML page")
    text = f"{title}\n\n{body}\n" if title else body + "\n"
    meta = {"url": doc.url or "", "date": parse_date(doc.date or ""), "headline": title}
    if doc.sitename:
        meta["source"] = doc.sitename
    if doc.author:
        authors = list(dict.fromkeys(authors + [a.strip() for a in doc.author.split(";") if a.strip()]))
    if authors:
        meta["authors"] = authors
    return _article_text(text, name), meta


def read_html(path: str | Path) -> tuple[str, dict]:
    """``html_article`` of an HTML file."""
    return html_article(read_limited(path), str(path))


# Sources --------------------------------------------------------------------------------------

def _meta(url: str = "", date: str = "", headline: str = "", **extra) -> dict:
    return {"url": url, "date": date, "headline": headline,
            **{k: v for k, v in extra.items() if v}}


@dataclass
class Source:
    """One article to read, as listed: where it is, its id, and what is already known of it.

    A file is read only by ``read()`` (in a worker process, when there are workers); a JSONL
    line or stdin arrives as ``text``. ``error`` is set when the input is already known to be
    unusable (a JSONL line that is not JSON, a glob that matches nothing).
    """

    name: str                      # how messages name the input: a path, path:line, or "-"
    article_id: str
    path: Path | None = None
    text: str | None = None
    meta: dict = field(default_factory=_meta)
    error: str = ""

    def read(self) -> tuple[str, str, dict]:
        """``(article_id, text, meta)``; InputError when the input cannot be used."""
        if self.error:
            raise InputError(self.error)
        if self.text is not None:
            return self.article_id, _article_text(self.text, self.name), dict(self.meta)
        assert self.path is not None
        if self.path.suffix.lower() in HTML_SUFFIXES:
            text, meta = read_html(self.path)
            return self.article_id, text, meta
        return self.article_id, read_text(self.path), _meta()


def is_gold(path: Path) -> bool:
    return path.name.lower().endswith(GOLD_SUFFIX)


def _folder_files(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.rglob("*")):
        relative = child.relative_to(folder).parts
        if any(part.startswith(".") for part in relative):
            continue
        if child.is_file() and child.suffix.lower() in FOLDER_SUFFIXES and not is_gold(child):
            yield child


def _expand(arg: str | Path) -> Iterator[tuple[str | Path, str]]:
    """Each path an argument stands for, with an error for a path that is not there."""
    text = str(arg)
    if text == STDIN or Path(text).exists() or not _GLOB_CHARS.search(text):
        yield arg, ""
        return
    matches = sorted(glob.glob(text, recursive=True))
    matches = [m for m in matches if Path(m).is_dir() or (
        Path(m).suffix.lower() in FOLDER_SUFFIXES + CORPUS_SUFFIXES and not is_gold(Path(m)))]
    if not matches:
        yield arg, f"{text}: no file matches this pattern"
    for m in matches:
        yield m, ""


def _folder_sources(folder: Path) -> Iterator[Source]:
    """A Source per article file of a folder; an error when the folder has none or is unreadable."""
    try:
        with os.scandir(folder):
            pass
    except OSError as exc:
        yield Source(str(folder), folder.name, error=f"{folder}: cannot read ({exc.strerror or exc})")
        return
    found = False
    for child in _folder_files(folder):
        found = True
        yield Source(str(child), child.stem, path=child)
    if not found:
        yield Source(str(folder), folder.name,
                     error=f"{folder}: no .txt, .html or .htm files in this folder")


def jsonl_sources(path: str | Path) -> Iterator[Source]:
    """One Source per non-blank line of a JSONL corpus; a bad line is a Source with an error."""
    path = Path(path)
    try:
        f = open(path, "rb")
    except OSError as exc:
        yield Source(str(path), path.stem, error=f"{path}: cannot read ({exc.strerror or exc})")
        return
    with f:
        number = 0
        while True:
            try:
                raw = f.readline(MAX_ARTICLE_BYTES + 1)
                over = len(raw) > MAX_ARTICLE_BYTES and not raw.endswith(b"\n")
                size = len(raw) + (_skip_line(f) if over else 0)   # over the limit: skipped
            except OSError as exc:
                yield Source(f"{path}:{number + 1}", f"{path.stem}-{number + 1}",
                             error=f"{path}:{number + 1}: cannot read ({exc.strerror or exc})")
                return
            if not raw:
                return
            number += 1
            name = f"{path}:{number}"
            if over:
                yield Source(name, f"{path.stem}-{number}", error=too_large(name, size))
                continue
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            yield _jsonl_source(raw, name, f"{path.stem}-{number}")


def _skip_line(f) -> int:
    """Read past the rest of the current line a megabyte at a time; the bytes skipped."""
    skipped = 0
    while chunk := f.readline(_MB):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _jsonl_source(raw: bytes, name: str, default_id: str) -> Source:
    from kg.clean import parse_date

    try:
        record = json.loads(decode(raw, name))
    except InputError as exc:
        return Source(name, default_id, error=str(exc))
    except json.JSONDecodeError as exc:
        return Source(name, default_id, error=f"{name}: not a JSON line ({exc.msg}, column {exc.colno})")
    if not isinstance(record, dict):
        return Source(name, default_id, error=f"{name}: a JSON object with \"text\" was expected")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Source(name, default_id, error=f"{name}: no \"text\" in this line")
    article_id = record.get("id")
    article_id = str(article_id).strip() if article_id not in (None, "") else default_id

    def field_(key: str) -> str:
        value = record.get(key)
        return "" if value is None else _no_surrogates(" ".join(str(value).split()))

    meta = _meta(url=field_("url"), date=parse_date(field_("date")), headline=field_("title"),
                 source=field_("source"))
    return Source(name, article_id or default_id, text=text, meta=meta)


def _stdin_source(stdin) -> Source:
    stream = stdin if stdin is not None else sys.stdin
    try:
        buffer = getattr(stream, "buffer", None)
        data = (buffer if buffer is not None else stream).read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        return Source(STDIN, STDIN_ID, error=f"{STDIN}: cannot read stdin ({exc})")
    if len(data) > MAX_ARTICLE_BYTES:                     # the rest of stdin is left unread
        return Source(STDIN, STDIN_ID, error=too_large("- (stdin)"))
    if isinstance(data, str):
        return Source(STDIN, STDIN_ID, text=data)
    try:
        return Source(STDIN, STDIN_ID, text=decode(data, "stdin"))
    except InputError as exc:
        return Source(STDIN, STDIN_ID, error=str(exc))


def iter_sources(paths: Iterable[str | Path], *, stdin=None) -> Iterator[Source]:
    """List the articles of ``paths`` lazily, in a stable order.

    A path is a file (``.txt``, ``.html``/``.htm``, a ``.jsonl`` corpus; any other name is read
    as text), a folder (its ``.txt``/``.html``/``.htm`` files, recursively, sorted), a glob
    pattern (expanded here, so quoting it works too), or ``-`` for one article from ``stdin``.
    A second article with an id already used gets an error instead of silently merging with
    the first (their IRIs would be the same).
    """
    seen: set[str] = set()
    for source in _sources(paths, stdin):
        if not source.error:
            if source.article_id in seen:
                source = Source(source.name, source.article_id,
                                error=f"{source.name}: article id {source.article_id!r} is used "
                                      "by an earlier input; rename one of them")
            else:
                seen.add(source.article_id)
        yield source


def _sources(paths: Iterable[str | Path], stdin) -> Iterator[Source]:
    for arg in paths:
        for item, error in _expand(arg):
            if error:
                yield Source(str(item), str(item), error=error)
                continue
            if str(item) == STDIN:
                yield _stdin_source(stdin)
                continue
            p = Path(item)
            if p.is_dir():
                yield from _folder_sources(p)
            elif is_gold(p):
                continue                                  # gold, never input
            elif p.suffix.lower() in CORPUS_SUFFIXES:
                yield from jsonl_sources(p)
            elif not p.exists():
                yield Source(str(p), p.stem, error=f"{p}: no such file or folder")
            else:
                yield Source(str(p), p.stem, path=p)


def read_articles(paths: Iterable[str | Path], *, stdin=None) -> Iterator[tuple[str, str, dict]]:
    """``(article_id, text, meta)`` for each article of ``paths``; InputError at the first bad one.

    ``kg.corpus.build_corpus`` reads the same sources but collects errors and goes on.
    """
    for source in iter_sources(paths, stdin=stdin):
        yield source.read()
