"""Read articles: bytes → text with a reliable encoding guess, one Article per input.

Order of guesses: UTF-8 (with or without BOM), strict GB18030 (a superset of GBK and GB2312),
then chardet. Files that decode to nothing or look binary are refused with a one-line reason.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError

TEXT_SUFFIXES = (".txt",)


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode article bytes.

    >>> decode("量子".encode("gbk"))
    '量子'
    >>> decode(b"\\xef\\xbb\\xbf" + "量子".encode())
    '量子'
    """
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: looks binary (NUL bytes), not an article")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    import chardet  # only for files that are neither UTF-8 nor GB18030

    guess = chardet.detect(data[:65536]).get("encoding")
    if guess:
        try:
            return data.decode(guess)
        except (UnicodeDecodeError, LookupError):
            pass
    raise InputError(f"{name}: cannot tell the text encoding (not UTF-8 or GB18030)")


def read_text(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    text = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: empty article")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand files and folders into article files, in a stable order; gold files are skipped."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield child
        else:
            yield p
