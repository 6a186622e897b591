"""The backup file: a header of our own, then the document xz-compressed in chunk records,
each optionally encrypted with AES-256-GCM (docs/file-format.md, "Backup files").

Chunks keep memory flat: a 500 MB document is read, compressed, encrypted and written one
chunk at a time, and read back the same way.
"""

from __future__ import annotations

import lzma
import os
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from compdesk.models.errors import InputError

MAGIC: Final = b"CDBACKUP"
FORMAT_VERSION: Final = 1
FLAG_COMPRESSED: Final = 1
FLAG_ENCRYPTED: Final = 2
FLAG_WITHOUT_ATTACHMENTS: Final = 4
# Compressed bytes per record; the last record may be shorter.
RECORD_SIZE: Final = 1 << 20
# xz preset 2: most of preset 6's gain on a document's pages at several times its speed
# (attachments are mostly PDFs and images that no preset shrinks further).
XZ_PRESET: Final = 2
SCRYPT_LOG2_N: Final = 15
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1

# magic, version, flags, part index, part count, original size, SHA-256 of the document,
# backup id (the same in every part), scrypt salt, nonce base, scrypt log2 N, r, p,
# passphrase check (the GCM tag of nothing, under a nonce no record uses).
_HEADER: Final = struct.Struct(">8sHHHHQ32s16s16s12sBBB16s")
HEADER_SIZE: Final = _HEADER.size
# length of the body, record index, last-record flag
_RECORD: Final = struct.Struct(">IQB")
_PART_FIELDS: Final = slice(12, 16)


class BackupError(InputError):
    """A backup that cannot be restored as it is; nothing was written."""


class WrongPassphraseError(BackupError):
    pass


@dataclass(frozen=True, slots=True)
class Header:
    flags: int
    original_size: int
    document_sha256: bytes
    backup_id: bytes
    salt: bytes = bytes(16)
    nonce_base: bytes = bytes(12)
    passphrase_check: bytes = bytes(16)
    part: int = 1
    parts: int = 1
    log2_n: int = SCRYPT_LOG2_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & FLAG_ENCRYPTED)

    @property
    def without_attachments(self) -> bool:
        return bool(self.flags & FLAG_WITHOUT_ATTACHMENTS)

    def pack(self) -> bytes:
        return _HEADER.pack(
            MAGIC,
            FORMAT_VERSION,
            self.flags,
            self.part,
            self.parts,
            self.original_size,
            self.document_sha256,
            self.backup_id,
            self.salt,
            self.nonce_base,
            self.log2_n,
            self.r,
            self.p,
            self.passphrase_check,
        )

    def authenticated(self) -> bytes:
        """The header as every record authenticates it: all but which part carries it."""
        packed = bytearray(self.pack())
        packed[_PART_FIELDS] = bytes(4)
        packed[-16:] = bytes(16)
        return bytes(packed)

    def as_part(self, part: int, parts: int) -> Header:
        return replace(self, part=part, parts=parts)


def is_backup(start: bytes) -> bool:
    return start.startswith(MAGIC)


def read_header(data: bytes, name: str) -> Header:
    if len(data) < HEADER_SIZE or not is_backup(data):
        raise BackupError(f"{name} is not a compdesk backup (its header is missing or cut short)")
    (_, version, flags, part, parts, size, digest, backup_id, salt, nonce, log2_n, r, p, check) = (
        _HEADER.unpack(data[:HEADER_SIZE])
    )
    if version != FORMAT_VERSION:
        raise BackupError(
            f"{name} is a backup in format {version}; this version of compdesk reads format "
            f"{FORMAT_VERSION}: restore it with a newer compdesk"
        )
    # Bounds on scrypt's cost: a hostile header must not make restore take gigabytes or hours.
    if not 1 <= part <= parts or not 10 <= log2_n <= 20 or not 1 <= r <= 16 or not 1 <= p <= 4:
        raise BackupError(f"{name} has a damaged header")
    return Header(flags, size, digest, backup_id, salt, nonce, check, part, parts, log2_n, r, p)


def derive_key(passphrase: str, header: Header) -> bytes:
    scrypt = Scrypt(salt=header.salt, length=32, n=1 << header.log2_n, r=header.r, p=header.p)
    return scrypt.derive(passphrase.encode("utf-8"))


def _nonce(base: bytes, index: int) -> bytes:
    counter = int.from_bytes(base, "big") ^ index
    return counter.to_bytes(12, "big")


# The passphrase check is sealed under the nonce of this index, which no record reaches.
_CHECK_INDEX: Final = (1 << 64) - 1


def new_header(
    *, original_size: int, document_sha256: bytes, passphrase: str | None, without_attachments: bool
) -> tuple[Header, AESGCM | None]:
    flags = FLAG_COMPRESSED | (FLAG_WITHOUT_ATTACHMENTS if without_attachments else 0)
    header = Header(flags, original_size, document_sha256, os.urandom(16))
    if passphrase is None:
        return header, None
    header = replace(
        header, flags=flags | FLAG_ENCRYPTED, salt=os.urandom(16), nonce_base=os.urandom(12)
    )
    cipher = AESGCM(derive_key(passphrase, header))
    check = cipher.encrypt(_nonce(header.nonce_base, _CHECK_INDEX), b"", header.authenticated())
    return replace(header, passphrase_check=check), cipher


def open_cipher(header: Header, passphrase: str | None, name: str) -> AESGCM | None:
    if not header.encrypted:
        return None
    if passphrase is None:
        raise BackupError(f"{name} is encrypted: give its passphrase with --passphrase-file")
    cipher = AESGCM(derive_key(passphrase, header))
    try:
        cipher.decrypt(
            _nonce(header.nonce_base, _CHECK_INDEX),
            header.passphrase_check,
            header.authenticated(),
        )
    except InvalidTag:
        raise WrongPassphraseError(
            f"wrong passphrase for {name} (or its header was altered)"
        ) from None
    return cipher


def _associated(header: Header, index: int, last: bool) -> bytes:
    return header.authenticated() + _RECORD.pack(0, index, int(last))[4:]


def encode_records(
    plain_chunks: Iterable[bytes], header: Header, cipher: AESGCM | None
) -> Iterator[bytes]:
    """The record stream of a document read as `plain_chunks`: compressed, then sealed."""
    compressor = lzma.LZMACompressor(preset=XZ_PRESET)
    pending = bytearray()
    index = 0

    def record(body: bytes, last: bool) -> bytes:
        if cipher is not None:
            nonce = _nonce(header.nonce_base, index)
            body = cipher.encrypt(nonce, body, _associated(header, index, last))
        return _RECORD.pack(len(body), index, int(last)) + body

    for chunk in plain_chunks:
        pending += compressor.compress(chunk)
        while len(pending) > RECORD_SIZE:
            yield record(bytes(pending[:RECORD_SIZE]), last=False)
            del pending[:RECORD_SIZE]
            index += 1
    pending += compressor.flush()
    while len(pending) > RECORD_SIZE:
        yield record(bytes(pending[:RECORD_SIZE]), last=False)
        del pending[:RECORD_SIZE]
        index += 1
    yield record(bytes(pending), last=True)


def _read_exactly(stream: BinaryIO, size: int, name: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise BackupError(f"{name} is truncated: it ends in the middle of a chunk")
    return data


def _decompressed(decompressor: lzma.LZMADecompressor, body: bytes) -> Iterator[bytes]:
    """A record's bytes decompressed a bounded piece at a time: a few compressed bytes may
    stand for megabytes (a file of zeros), and a hostile record for gigabytes."""
    data = decompressor.decompress(body, max_length=RECORD_SIZE)
    while True:
        if data:
            yield data
        if decompressor.eof or decompressor.needs_input:
            return
        data = decompressor.decompress(b"", max_length=RECORD_SIZE)


def decode_records(
    stream: BinaryIO, header: Header, cipher: AESGCM | None, name: str
) -> Iterator[bytes]:
    """The document's bytes from a record stream, checking each record as it comes."""
    decompressor = lzma.LZMADecompressor()
    index = 0
    while True:
        start = stream.read(_RECORD.size)
        if not start:
            raise BackupError(
                f"{name} is truncated: its last chunk is missing (cut after chunk {index})"
            )
        length, found_index, last_flag = _RECORD.unpack(
            start + _read_exactly(stream, _RECORD.size - len(start), name)
        )
        if found_index != index:
            raise BackupError(
                f"{name} has its chunks out of order: chunk {found_index} stands where "
                f"chunk {index} belongs"
            )
        if length > RECORD_SIZE + 16 or last_flag > 1:
            raise BackupError(f"{name} was altered or damaged in chunk {index}")
        body = _read_exactly(stream, length, name)
        last = bool(last_flag)
        if cipher is not None:
            try:
                body = cipher.decrypt(
                    _nonce(header.nonce_base, index), body, _associated(header, index, last)
                )
            except InvalidTag:
                raise BackupError(
                    f"{name} was altered or damaged in chunk {index}: it fails authentication"
                ) from None
        try:
            yield from _decompressed(decompressor, body)
        except lzma.LZMAError:
            raise BackupError(f"{name} was altered or damaged in chunk {index}") from None
        if last:
            if stream.read(1) or not decompressor.eof:
                raise BackupError(f"{name} was altered or damaged after its last chunk")
            return
        index += 1
