"""Raw response bodies: decode HTML whose charset labels lie, and tell binary data from text.

Pure functions, bytes in. :func:`decode_html` trusts the bytes over the labels: a BOM
first, then UTF-8 whenever the body is (almost all) valid UTF-8, then a declared legacy
charset that fits the bytes, then a guess in which every Western single-byte encoding
counts as windows-1252, the encoding such pages really use.
"""

from __future__ import annotations

import codecs
import re

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

# Leading bytes of file formats that are not HTML, whatever the Content-Type says.
BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04",
    b"\x1f\x8b\x08", b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07",
    b"ID3", b"OggS", b"fLaC", b"wOFF", b"wOF2", b"\x00asm", b"\x7fELF", b"MZ", b"\xd0\xcf\x11\xe0",
    b"II*\x00", b"MM\x00*", b"\x00\x00\x01\x00", b"\x1a\x45\xdf\xa3",
)
_RIFF_KINDS = (b"WEBP", b"WAVE", b"AVI ")
# Bytes that never occur in text: C0 controls other than tab, newlines, form feed and escape.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")
_CONTROL_RE = re.compile(b"[" + re.escape(_CONTROL_BYTES) + b"]")
_SNIFF_BYTES = 4096
_MAX_CONTROL_SHARE = 0.05

# What browsers fall back to for unlabelled pages in these languages (the HTML standard's
# locale defaults); any other language gets windows-1252.
_LANGUAGE_ENCODINGS = {
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs", "sq"), "cp1250"),
    **dict.fromkeys(("ru", "uk", "bg", "sr", "be", "mk", "kk"), "cp1251"),
    "el": "cp1253", "tr": "cp1254", "az": "cp1254", "he": "cp1255", "yi": "cp1255",
    "ar": "cp1256", "fa": "cp1256", "ur": "cp1256", "lt": "cp1257", "lv": "cp1257",
    "et": "cp1257", "vi": "cp1258", "th": "cp874", "ja": "shift_jis", "ko": "euc_kr",
    "zh": "gb18030", "zh-tw": "big5", "zh-hk": "big5",
}
_LANG_RE = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)", re.IGNORECASE)
# charset_normalizer's names for the Western and Central European single-byte encodings,
# between which it cannot choose on Western text (it answers cp1250 for windows-1252 pages).
_LATIN_GUESSES = frozenset({"cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "cp1257",
                            "iso8859_13", "iso8859_4", "iso8859_9", "cp1254", "mac_roman",
                            "mac_latin2", "cp850", "cp437", "ascii"})
_GUESS_SAMPLE = 65536


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects as windows-1252 (pages mixing both encodings)."""
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start:error.end].decode("cp1252", "replace"), error.end


codecs.register_error("newsbot-cp1252", _cp1252_fallback)


def looks_binary(body: bytes) -> bool:
    """True for bodies that are files (PDF, images, archives, fonts...) or random bytes, not text."""
    head = body[:_SNIFF_BYTES]
    if read_bom(head)[0] or not head.strip():
        return False
    if head.startswith(BINARY_MAGIC) or (head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS):
        return True
    if head[4:8] == b"ftyp":  # MP4, MOV, HEIC
        return True
    return len(_CONTROL_RE.findall(head)) > _MAX_CONTROL_SHARE * len(head)


_ESCAPED_RE = re.compile("[\udc80-\udcff]")


def _utf8_share(body: bytes) -> tuple[int, int]:
    """(valid multi-byte UTF-8 characters, bytes UTF-8 rejects) in ``body``, in one pass."""
    text = body.decode("utf-8", "surrogateescape")
    invalid = len(_ESCAPED_RE.findall(text))
    non_ascii = len(text) - len(text.encode("ascii", "ignore").decode("ascii"))
    return non_ascii - invalid, invalid


def _declared(body: bytes, content_type: str | None) -> list[str]:
    """Python codec names the HTTP header and the ``<meta>`` declare, in that order."""
    found = []
    for label in (http_content_type_encoding(content_type or ""), html_body_declared_encoding(body)):
        try:
            codec = codecs.lookup(resolve_encoding(label) or "") if label else None
        except LookupError:
            continue
        if codec and codec._is_text_encoding and codec.name not in found:  # not base64, rot13...
            found.append(codec.name)
    return found


def _language_encoding(body: bytes) -> str | None:
    match = _LANG_RE.search(body[:_SNIFF_BYTES * 4])
    if not match:
        return None
    lang = match.group(1).decode("ascii").lower().replace("_", "-")
    return _LANGUAGE_ENCODINGS.get(lang) or _LANGUAGE_ENCODINGS.get(lang.split("-")[0])


def _guess(body: bytes) -> str:
    """The legacy encoding of an unlabelled (or wrongly labelled) non-UTF-8 page."""
    by_language = _language_encoding(body)
    if by_language:
        return by_language
    from charset_normalizer import from_bytes  # a trafilatura dependency; slow, so only here

    best = from_bytes(body[:_GUESS_SAMPLE]).best()
    if best is None or best.encoding in _LATIN_GUESSES:
        return "cp1252"
    return best.encoding


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """``(encoding, text)`` of an HTML body, right even when header, meta and BOM disagree.

    Bytes no encoding can map become U+FFFD; nothing raises.
    """
    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        encoding = codecs.lookup(resolve_encoding(bom_encoding) or "utf-8").name
        return encoding, body[len(bom):].decode(encoding, "replace")
    try:
        return "utf-8", body.decode("utf-8")  # valid UTF-8, whatever the labels say: the usual case
    except UnicodeDecodeError:
        pass
    multibyte, invalid = _utf8_share(body)
    declared = _declared(body, content_type)
    legacy = [e for e in declared if not e.startswith("utf")]
    if multibyte >= 2 * invalid and multibyte >= 3:
        return "utf-8", body.decode("utf-8", "newsbot-cp1252")
    for encoding in legacy:
        try:
            return encoding, body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    encoding = legacy[0] if legacy else _guess(body)
    try:
        return encoding, body.decode(encoding, "replace")
    except LookupError:
        return "cp1252", body.decode("cp1252", "replace")
