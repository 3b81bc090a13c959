#!/usr/bin/python3
"""Writes the fuzzers' seed corpus, tests/fuzz/corpus/<harness>/: small valid files and the edge
cases each parser must refuse with one line. Run once, by hand, after changing it; the output is
committed. Needs numpy (Debian: python3-numpy), hence /usr/bin/python3 rather than a bare python3.
Each seed is a file named for what it holds; libFuzzer starts from these and mutates them."""
import io
import os
import shutil
import struct
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def npy_bytes(array, version=None):
    out = io.BytesIO()
    if version is None:
        np.save(out, array)
    else:
        np.lib.format.write_array(out, array, version=version)
    return out.getvalue()


def hand_npy(header, data=b"", major=1):
    """A .npy with any header text, padded as numpy pads (data at a 64-byte boundary)."""
    prefix = 10 if major == 1 else 12
    text = header.encode("latin-1")
    text += b" " * ((64 - (prefix + len(text) + 1) % 64) % 64) + b"\n"
    length = len(text).to_bytes(2 if major == 1 else 4, "little")
    return b"\x93NUMPY" + bytes([major, 0]) + length + text + data


def npy_seeds():
    hidden = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], dtype=np.float64)
    good = npy_bytes(hidden)
    seeds = {
        # Accepted: every dtype, 1-D and 2-D, every format version.
        "f8_4x3": good,
        "f4_2x2": npy_bytes(np.array([[0.5, -1.25], [3.0, 1e-3]], dtype=np.float32)),
        "i4_1d": npy_bytes(np.arange(5, dtype=np.int32)),
        "i8_2x3": npy_bytes(np.array([[1, -2, 3], [2**40, 0, -(2**40)]], dtype=np.int64)),
        "f8_1x1": npy_bytes(np.array([[7.0]])),
        "f8_v2": npy_bytes(hidden, version=(2, 0)),
        "f8_v3": npy_bytes(hidden.astype(np.float32), version=(3, 0)),
        "f8_native_order": hand_npy(
            "{'descr': '=f8', 'fortran_order': False, 'shape': (1, 2), }",
            np.array([1.0, 2.0]).tobytes()),
        "python2_long_shape": hand_npy(
            "{'descr': '<i4', 'fortran_order': False, 'shape': (2L, 1L), }",
            np.array([1, 2], dtype=np.int32).tobytes()),
        "one_tuple_3": hand_npy(  # (3) is 3, not a tuple
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3), }",
            np.zeros(3).tobytes()),
        # Refused, each with its own message.
        "f8_nan": npy_bytes(np.array([[1.0, np.nan]])),
        "f4_inf": npy_bytes(np.array([np.inf], dtype=np.float32)),
        "big_endian": npy_bytes(np.array([1.0, 2.0], dtype=">f8")),
        "fortran_order": npy_bytes(np.asfortranarray(hidden)),
        "three_d": npy_bytes(np.zeros((2, 2, 2))),
        "scalar": npy_bytes(np.array(3.0)),
        "empty": npy_bytes(np.zeros((0,))),
        "empty_rows": npy_bytes(np.zeros((3, 0))),
        "bool": npy_bytes(np.array([True, False])),
        "complex": npy_bytes(np.array([1 + 2j])),
        "uint8": npy_bytes(np.array([1, 2], dtype=np.uint8)),
        "structured": npy_bytes(np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")])),
        "truncated_data": good[:-5],
        "truncated_header": good[:40],
        "magic_only": b"\x93NUMPY",
        "bad_version": b"\x93NUMPY\x04\x00" + good[8:],
        "extra_bytes": good + b"\0\0\0",
        "huge_shape": hand_npy(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"),
        "overflow_int": hand_npy(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }"),
        "duplicate_key": hand_npy(
            "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
            np.zeros(1).tobytes()),
        "unknown_key": hand_npy(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': None}",
            np.zeros(1).tobytes()),
        "nested_lists": hand_npy(
            "{'descr': '<f8', 'fortran_order': False, 'shape': " + "[" * 40 + "]" * 40 + "}"),
        "escape_in_string": hand_npy(
            "{'descr': '<f\\x38', 'fortran_order': False, 'shape': (1,), }"),
        "double_quotes": hand_npy(
            '{"descr": "<f8", "fortran_order": False, "shape": (1,), }', np.zeros(1).tobytes()),
        "no_shape": hand_npy("{'descr': '<f8', 'fortran_order': False}"),
        "not_npy": b"1,2,3\n",
    }
    return seeds


def csv_seeds():
    return {
        "plain": "1,0,0\n0,1,0\n0,0,1\n1,1,1\n",
        "header": "x,y,z\n1,2,3\n4,5,6\n",
        "bom_crlf": "\ufeff1.5,2\r\n-3,4e-2\r\n",
        "comments_blank_lines": "# hidden states\n\n1, 2\n  # indented comment\n3 ,4\n\n",
        "unicode_minus_plus": "\u22121,+2\n3.25,\u22120.5e3\n",
        "one_value": "42",
        "no_final_newline": "1,2\n3,4",
        "tabs_spaces": "\t1 ,\t2\v\n3,4\f\n",
        "exponents": "1e308,-1e-308,4.9e-324\n0x10,1.,.5\n",
        # Refused.
        "nan": "1,nan\n",
        "inf": "inf,1\n-inf,2\n",
        "out_of_range": "1e400,1\n",
        "ragged": "1,2,3\n4,5\n",
        "empty_field": "1,,3\n",
        "trailing_comma": "1,2,\n",
        "words": "1,two\n",
        "double_sign": "+-1,\u2212-2\n",
        "only_header": "a,b\n",
        "only_comments": "# nothing\n",
        "empty": "",
        "control_chars": "1,\x01\x1b[31m\n",
        "long_field": "1," + "9" * 400 + "x\n",
        "binary": "\x00\x93NUMPY\x01\x00",
    }


def cli_seeds():
    def args(*a):
        return "\0".join(a)

    return {
        "window": args("--section", "matmul", "--frames", "30", "--load", "hidden=h.csv"),
        "fullscreen": args("--fullscreen"),
        "help": args("--help"),
        "version": args("--version"),
        "list": args("list"),
        "still": args("still", "--section", "matmul", "--time", "1.5", "--out", "a.png",
                      "--size", "1920x1080", "--load", "wq=w.npy"),
        "still_times_sign": args("still", "--section", "s08", "--time", "0", "--out", "b.png",
                                 "--size", "640\u00d7360"),
        "render": args("render", "--section", "all", "--out", "dir", "--size", "1280X720",
                       "--fps", "30", "--from", "0.5", "--to", "2", "--ssaa", "2",
                       "--transparent", "--resume"),
        "render_video": args("render", "--section", "matmul", "--video", "out.mp4"),
        "encode": args("encode", "frames/matmul", "out.mp4", "--fps", "30"),
        "bench": args("bench", "--section", "all", "--size", "480x270", "--frames", "10"),
        # Refused.
        "unknown_flag": args("--bogus"),
        "missing_value": args("still", "--section"),
        "flag_twice": args("render", "--fps", "1", "--fps", "2"),
        "bad_size": args("still", "--size", "7681x4320"),
        "zero_size": args("bench", "--size", "0x10"),
        "bad_numbers": args("render", "--fps", "1e9", "--from", "nan", "--to", "-inf",
                            "--ssaa", "99"),
        "flag_for_other_mode": args("list", "--fps", "3"),
        "empty_args": args("", ""),
        "control_chars": args("still", "--out", "a\nb\x1b.png"),
    }


# ---- PNG frames (PngSequenceReader) ------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG color type


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def ihdr(width, height, channels, depth=8, interlace=0, color_type=None):
    color = COLOR_TYPES[channels] if color_type is None else color_type
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, interlace))


def frame(width, height, channels, seed):
    """Rows of pixels: flat bands with a noisy block, like a rendered frame."""
    state, rows = seed, []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            for c in range(channels):
                state = (state * 1664525 + 1013904223) & 0xFFFFFFFF
                noisy = width // 3 < x < 2 * width // 3 and y > height // 4
                row.append(state >> 24 if noisy else ((y // 8) * 40 + c * 70) & 0xFF)
        rows.append(bytes(row))
    return rows


def strip_png(rows, width, channels):
    """tfviz's strip layout (src/export/png_strips.hpp): a zlib header IDAT, one IDAT per 16 rows
    (raw deflate ended by a sync flush), then the final empty block and the Adler-32."""
    out = PNG_SIGNATURE + ihdr(width, len(rows), channels) + chunk(b"IDAT", b"\x78\x01")
    adler = 1
    for top in range(0, len(rows), 16):
        raw = b"".join(b"\x00" + r for r in rows[top:top + 16])
        deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
        out += chunk(b"IDAT", deflate.compress(raw) + deflate.flush(zlib.Z_SYNC_FLUSH))
        adler = zlib.adler32(raw, adler)
    out += chunk(b"IDAT", b"\x03\x00" + struct.pack(">I", adler))
    return out + chunk(b"IEND", b"")


def plain_png(rows, width, channels, filters=(0,), depth=8, color_type=None, extra=b""):
    """An ordinary PNG: one IDAT, the given filter bytes in turn (the data is not filtered for
    them: any bytes are a valid image)."""
    raw = b"".join(bytes([filters[y % len(filters)]]) + r for y, r in enumerate(rows))
    return (PNG_SIGNATURE + ihdr(width, len(rows), channels, depth, color_type=color_type) + extra
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def png_seeds():
    a = frame(48, 40, 4, 1)
    b = list(a)
    b[20] = bytes(reversed(b[20]))  # one row of the second strip differs
    strip_a, strip_b = strip_png(a, 48, 4), strip_png(b, 48, 4)
    rgb = frame(40, 20, 3, 2)
    gray = frame(17, 33, 1, 3)
    palette = [bytes([(x * 7 + y) % 4 for x in range(16)]) for y in range(16)]
    plte = chunk(b"PLTE", bytes(range(12)))
    bad_crc = bytearray(strip_a)
    bad_crc[40] ^= 0xFF
    return {
        # Accepted.
        "strip_rgba": strip_a,
        "strip_pair_one_strip_changed": strip_a + strip_b,
        "strip_pair_identical": strip_a + strip_a,
        "strip_rgb": strip_png(rgb, 40, 3),
        "strip_gray": strip_png(gray, 17, 1),
        "strip_gray_alpha": strip_png(frame(9, 16, 2, 4), 9, 2),
        "plain_rgb_all_filters": plain_png(rgb, 40, 3, filters=(0, 1, 2, 3, 4)),
        "plain_then_strip": plain_png(a, 48, 4) + strip_b,
        "palette": plain_png(palette, 16, 1, depth=2, color_type=3, extra=plte),
        "sixteen_bit": plain_png([r + r for r in gray], 17, 1, depth=16),
        # Refused.
        "pair_other_size": strip_a + strip_png(rgb, 40, 3),
        "truncated": strip_a[: len(strip_a) // 2],
        "bad_crc": bytes(bad_crc),
        "no_iend": strip_a[:-12],
        "too_large": PNG_SIGNATURE + ihdr(16385, 16385, 4) + chunk(b"IEND", b""),
        "zero_size": PNG_SIGNATURE + ihdr(0, 10, 4) + chunk(b"IEND", b""),
        "signature_only": PNG_SIGNATURE,
        "not_png": b"GIF89a",
    }


# ---- DIR/.tfviz-run (render --resume) ------------------------------------------------------------

def run_record_seeds():
    good = ("tfviz-run 1\nsection matmul\nsize 640x360\nfps 30\nfrom 0\nto 12.5\nssaa 2\n"
            "transparent no\nload hidden=/tmp/h.csv\n")
    return {
        "record": good,
        "header_only": "tfviz-run 1\n",
        "value_with_spaces": "tfviz-run 1\nload wq=/a b/c d.npy\n",
        "crlf": good.replace("\n", "\r\n"),
        # Refused.
        "no_final_newline": good[:-1],
        "other_version": good.replace("tfviz-run 1", "tfviz-run 2"),
        "line_without_space": "tfviz-run 1\nsection\n",
        "leading_space": "tfviz-run 1\n matmul\n",
        "empty": "",
        "too_long": "tfviz-run 1\n" + "k v\n" * 17000,
    }


def write(harness, seeds, binary):
    folder = os.path.join(CORPUS, harness)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name, content in sorted(seeds.items()):
        data = content if binary else content.encode("utf-8")
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    print(f"{folder}: {len(seeds)} seeds")


if __name__ == "__main__":
    write("npy", npy_seeds(), binary=True)
    write("csv", csv_seeds(), binary=False)
    write("cli", cli_seeds(), binary=False)
    write("png", png_seeds(), binary=True)
    write("run_record", run_record_seeds(), binary=False)
