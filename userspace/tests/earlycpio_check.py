#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""earlycpio_check.py - find a file the way the kernel's early cpio lookup does

usage: earlycpio_check.py INITRD [PATH]

Walks the uncompressed cpio archives at the head of INITRD with the rules
of find_cpio_data() (lib/earlycpio.c) and of the initramfs buffer format
(Documentation/driver-api/early-userspace/buffer-format.rst), not with the
tool's own reader, so a layout mistake in the writer cannot hide behind the
same mistake in the reader:

  - a NUL byte where a header should start skips four bytes;
  - a header is "070701" or "070702" and 13 fields of 8 hex digits (either
    case); anything else ends the search (compressed data);
  - the name follows the 110-byte header; the data starts at the next
    multiple of 4 after the name, the next header at the next multiple of
    4 after the data (the initrd is page aligned in memory, so offsets and
    addresses align alike);
  - an entry running past the end of the buffer ends the search;
  - the first regular file whose name begins with PATH is the answer.
    PATH (default kernel/handoff/handoff.dtb) names a file, so a first
    match with a longer name is an error: the kernel would return that
    file instead.

Prints "offset=N size=N end=N": where the file's data lies, and the first
byte after the archive holding it (after its TRAILER!!! entry and the NUL
words that follow).

Exit status: 0 found, 1 not found or malformed, 2 bad usage or I/O error.
"""
import sys

HDR = 110
S_IFMT = 0o170000
S_IFREG = 0o100000
TRAILER = b"TRAILER!!!"


class Entry:
    def __init__(self, data, off):
        self.off = off
        fields = []
        text = data[off:off + HDR]
        for i in range(14):
            width = 6 if i == 0 else 8
            start = 0 if i == 0 else 6 + 8 * (i - 1)
            chunk = text[start:start + width]
            if len(chunk) != width or not all(c in b"0123456789abcdefABCDEF"
                                              for c in chunk):
                raise ValueError("not a newc header")
            fields.append(int(chunk, 16))
        if fields[0] not in (0x070701, 0x070702):
            raise ValueError("bad magic")
        self.mode = fields[2]
        self.filesize = fields[7]
        self.namesize = fields[12]
        self.name_off = off + HDR
        self.data_off = align4(self.name_off + self.namesize)
        self.next = align4(self.data_off + self.filesize)
        self.raw_name = data[self.name_off:self.name_off + self.namesize]

    def name(self):
        return self.raw_name.split(b"\0", 1)[0]


def align4(n):
    return (n + 3) & ~3


def entries(data, off=0):
    """Yield the entries from off on, as find_cpio_data() walks them."""
    while len(data) - off > HDR:
        if data[off] == 0:
            off += 4
            continue
        try:
            e = Entry(data, off)
        except ValueError:
            return
        if e.next > len(data):
            return
        yield e
        off = e.next


def archive_end(data, after):
    """First byte after the TRAILER!!! that follows offset after, and
    after the whole NUL words padding it."""
    for e in entries(data, after):
        if e.name() == TRAILER:
            end = e.next
            while data[end:end + 4] == b"\0\0\0\0":
                end += 4
            return end
    return None


def find(data, path):
    for e in entries(data):
        if (e.mode & S_IFMT) != S_IFREG or e.namesize < len(path):
            continue
        if e.raw_name[:len(path)] != path:
            continue
        if e.raw_name[-1:] != b"\0":
            return None, "name of %r not NUL-terminated" % e.name()
        if e.name() != path:
            return None, "first match is %r" % e.name().decode(errors="replace")
        return e, None
    return None, "not found"


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    path = (argv[2] if len(argv) == 3 else "kernel/handoff/handoff.dtb")
    try:
        with open(argv[1], "rb") as f:
            data = f.read()
    except OSError as err:
        print("earlycpio_check: %s" % err, file=sys.stderr)
        return 2
    e, why = find(data, path.encode())
    if not e:
        print("earlycpio_check: %s: %s: %s" % (argv[1], path, why),
              file=sys.stderr)
        return 1
    end = archive_end(data, e.next)
    if end is None:
        print("earlycpio_check: %s: no TRAILER!!! after %s" % (argv[1], path),
              file=sys.stderr)
        return 1
    print("offset=%d size=%d end=%d" % (e.data_off, e.filesize, end))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
