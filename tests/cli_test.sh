#!/usr/bin/env bash
# The command line end to end, as a user runs it with no display: exit codes, one-line errors,
# and no output left behind on bad input. Usage: cli_test.sh path/to/tfviz
set -u
tfviz=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passes=0

pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_error CODE PATTERN ARGS...: exit code CODE, exactly one stderr line matching PATTERN.
expect_error() {
  local code=$1 pattern=$2
  shift 2
  "$tfviz" "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  local lines
  lines=$(wc -l <"$work/err")
  if [ "$rc" -ne "$code" ]; then fail "tfviz $*: exit $rc, expected $code"; return; fi
  if [ "$lines" -ne 1 ]; then fail "tfviz $*: $lines stderr lines, expected 1: $(cat "$work/err")"; return; fi
  if ! grep -qE -- "$pattern" "$work/err"; then fail "tfviz $*: '$(cat "$work/err")' lacks /$pattern/"; return; fi
  pass
}

# png_header FILE: "WIDTHxHEIGHT COLOURTYPE" from the PNG's IHDR (colour type 2: RGB, 6: RGBA),
# read with od so that the check holds with or without file(1).
png_header() {
  od -An -tu1 -j16 -N10 "$1" | awk '{ printf "%dx%d %d\n", (($1 * 256 + $2) * 256 + $3) * 256 + $4, (($5 * 256 + $6) * 256 + $7) * 256 + $8, $10 }'
}

expect_none() {
  if [ -e "$1" ]; then fail "$1 was left behind"; else pass; fi
}

# --- help, version, list ----------------------------------------------------------------------
"$tfviz" --help >"$work/help" && grep -q "still" "$work/help" && grep -q "render" "$work/help" && pass || fail "--help"
"$tfviz" --version | grep -qE '^tfviz [0-9]+\.[0-9]+\.[0-9]+$' && pass || fail "--version"
"$tfviz" list >"$work/list" || fail "list exit code"
awk -F'\t' 'NF != 4 || $3 !~ /^[0-9.]+$/ || $4 !~ /^[0-9]+$/ { bad = 1 } END { exit bad }' "$work/list" && pass || fail "list format: $(cat "$work/list")"
grep -q "^matmul	" "$work/list" && pass || fail "list lacks matmul"

# --- bad input: one line, exit 2, nothing written ----------------------------------------------
expect_error 2 "unknown option '--bogus'" --bogus
expect_error 2 "unknown section 'nope'" still --section nope --time 0 --out "$work/a.png"
expect_none "$work/a.png"
expect_error 2 "--size" still --section matmul --time 0 --out "$work/a.png" --size 0x100
expect_error 2 "--size" still --section matmul --time 0 --out "$work/a.png" --size 7681x4320
expect_none "$work/a.png"
expect_error 2 "--time 9999 is outside" still --section matmul --time 9999 --out "$work/a.png"
expect_none "$work/a.png"
expect_error 2 "--out" still --section matmul --time 0 --out "$work/missing/dir/a.png"
expect_none "$work/missing"
expect_error 2 "--to 9999 is outside" render --section matmul --out "$work/r1" --to 9999
expect_none "$work/r1"
expect_error 2 "--from" render --section matmul --out "$work/r2" --from 3 --to 2
expect_none "$work/r2"
expect_error 2 "--fps" render --section matmul --out "$work/r3" --fps 0
expect_none "$work/r3"
touch "$work/file"
expect_error 2 "not a directory" render --section matmul --out "$work/file"

# --- the user's own tensors ------------------------------------------------------------------------
printf '1,0,0\n0,1,0\n0,0,1\n1,1,1\n' >"$work/hidden.csv"
printf '1,2,3\n4,nan,6\n' >"$work/nan.csv"
printf '1,2\n3,4\n' >"$work/narrow.csv"
expect_error 2 "nan.csv" still --section matmul --time 1 --out "$work/l1.png" --load "$work/nan.csv"
expect_none "$work/l1.png"
expect_error 2 "narrow.csv" still --section matmul --time 1 --out "$work/l2.png" --load "wq=$work/narrow.csv"
expect_error 2 "only the matmul section" still --section title --time 1 --out "$work/l3.png" --load "$work/hidden.csv"
expect_error 2 "--load" still --section matmul --time 1 --out "$work/l4.png" --load "bogus=$work/hidden.csv"
"$tfviz" still --section matmul --time 40 --out "$work/l5.png" --size 320x180 --load "$work/hidden.csv" && pass || fail "still with --load"
DISPLAY= "$tfviz" still --section matmul --time 40 --out "$work/l6.png" --size 320x180 || fail "still without --load"
cmp -s "$work/l5.png" "$work/l6.png" && fail "--load changed nothing on screen" || pass

# --- the matmul inspector's settings (issue 9) -------------------------------------------------------
expect_error 2 "^tfviz: --temperature: expected a number from 0.01 to 100, got '0'" still --section matmul --time 1 --out "$work/m1.png" --temperature 0
expect_none "$work/m1.png"
expect_error 2 "--temperature: expected a number" render --section matmul --out "$work/m2" --temperature -1
expect_none "$work/m2"
expect_error 2 "--prompt: expected 1 to 8 digits" still --section matmul --time 1 --out "$work/m3.png" --prompt 01x
expect_error 2 "--causal: only the matmul section" render --section title --out "$work/m4" --causal
expect_none "$work/m4"
expect_error 2 "--prompt: the hidden states given with --load" still --section matmul --time 1 --out "$work/m5.png" --load "$work/hidden.csv" --prompt 12
"$tfviz" render --section matmul --out "$work/mv" --size 160x90 --fps 1 --from 100 --to 102 --prompt 0123 --no-scale --causal --temperature 0.5 >/dev/null 2>&1 && pass || fail "render of the masked, unscaled variant"
[ "$(ls "$work/mv/matmul" | grep -c '^frame_')" -eq 3 ] && pass || fail "the masked variant wrote $(ls "$work/mv/matmul" | wc -l) frames, expected 3"
"$tfviz" render --section matmul --out "$work/mp" --size 160x90 --fps 1 --from 100 --to 102 >/dev/null 2>&1 || fail "render of the plain section"
cmp -s "$work/mv/matmul/frame_000000.png" "$work/mp/matmul/frame_000000.png" && fail "the matmul flags changed nothing on screen" || pass
grep -q -- "--temperature T" "$work/help" && pass || fail "--help lacks --temperature"

# --- BEGIN limits on --load, one-line errors (issue 13) -----------------------------------------
# Every file is bounded (1 MiB; 32 tokens, d_model 32, d_k 32; src/io/tensor_file.hpp) and refused
# at once with one line naming it; control characters in names are escaped; the pointer to the
# help comes once.
truncate -s 64M "$work/huge.csv"  # sparse: refused from its size, never read
expect_error 2 "huge.csv: is 67108864 bytes; a tensor file may be at most 1 MiB" still --section matmul --time 1 --out "$work/b1.png" --load "$work/huge.csv"
expect_none "$work/b1.png"
expect_error 2 "huge.csv: is 67108864 bytes" render --section matmul --out "$work/b2" --load "wq=$work/huge.csv"
expect_none "$work/b2"
seq 33 | sed 's/$/,0,0/' >"$work/tall.csv"
expect_error 2 "tall.csv: more than 32 rows \(tokens\) at line 33; hidden states may have at most 32" still --section matmul --time 1 --out "$work/b3.png" --load "$work/tall.csv"
expect_none "$work/b3.png"
# A 128-byte .npy whose header claims 2^62 x 3 float64: refused before any allocation.
dict="{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 3), }"
dict=$(printf '%-117s' "$dict")
printf "\x93NUMPY\x01\x00\x$(printf %02x $((${#dict} + 1)))\x00%s\n" "$dict" >"$work/claims.npy"
expect_error 2 "claims.npy: shape \(4611686018427387904, 3\): 4611686018427387904 rows \(tokens\)" still --section matmul --time 1 --out "$work/b4.png" --load "$work/claims.npy"
expect_none "$work/b4.png"
bad=$(printf 'bad\nname\033[31m.csv')
printf '1,2\n' >"$work/$bad"
expect_error 2 'bad\\nname\\x1b\[31m\.csv' still --section matmul --time 1 --out "$work/b5.png" --load "$work/$bad"
expect_none "$work/b5.png"
grep -q $'\033' "$work/err" && fail "a raw ESC reached stderr" || pass
[ "$("$tfviz" paint 2>&1 | grep -o 'see tfviz --help' | wc -l)" -eq 1 ] && pass || fail "'see tfviz --help' is not printed exactly once"
expect_error 2 "--ssaa: 4 x 7680x1 renders 30720x4" render --section title --out "$work/b6" --size 7680x1 --ssaa 4
expect_none "$work/b6"
# --- END limits on --load, one-line errors ----------------------------------------------------------

# --- a still and a short render with no display -------------------------------------------------
unset DISPLAY WAYLAND_DISPLAY
"$tfviz" still --section matmul --time 3 --out "$work/s1.png" --size 320x180 && pass || fail "still"
"$tfviz" still --section matmul --time 3 --out "$work/s2.png" --size 320x180 && pass || fail "still again"
cmp -s "$work/s1.png" "$work/s2.png" && pass || fail "the same still twice differs"
header=$(png_header "$work/s1.png")
[ "$header" = "320x180 2" ] && pass || fail "the still's PNG header says '$header', expected 320x180 RGB"
# The EGL device platform (what an NVIDIA server uses; Mesa offers a software device) gives the
# same picture; a platform that does not exist gets one line.
TFVIZ_EGL_PLATFORM=device "$tfviz" still --section matmul --time 3 --out "$work/s3.png" --size 320x180 && pass || fail "still on the EGL device platform"
cmp -s "$work/s1.png" "$work/s3.png" && pass || fail "the device platform's still differs from surfaceless"
TFVIZ_EGL_PLATFORM=bogus expect_error 1 "TFVIZ_EGL_PLATFORM: 'bogus'" still --section matmul --time 3 --out "$work/s4.png"
expect_none "$work/s4.png"
"$tfviz" render --section matmul --out "$work/seq" --size 160x90 --fps 4 --from 1 --to 2 && pass || fail "render"
count=$(ls "$work/seq/matmul" | grep -c '^frame_[0-9]\{6\}\.png$')
[ "$count" -eq 5 ] && pass || fail "render wrote $count frames, expected 5"
grep -q '"frame_count": 5' "$work/seq/manifest.json" && pass || fail "manifest frame count"
grep -q '"width": 160' "$work/seq/manifest.json" && pass || fail "manifest width"
ls -a "$work/seq/matmul" | grep -q tmp && fail "temporary files left" || pass

# --- export: every section, transparency, supersampling, resume ------------------------------------
"$tfviz" render --section all --out "$work/all" --size 64x36 --fps 1 --ssaa 2 >/dev/null 2>&1 && pass || fail "render all"
sections=$("$tfviz" list | wc -l)
dirs=$(find "$work/all" -mindepth 1 -maxdepth 1 -type d | wc -l)
[ "$dirs" -eq "$sections" ] && pass || fail "render all wrote $dirs section folders, expected $sections"
grep -c '"id":' "$work/all/manifest.json" | grep -qx "$sections" && pass || fail "manifest lists every section"
"$tfviz" render --section title --out "$work/tr" --size 64x36 --fps 2 --to 3 --transparent >/dev/null 2>&1 && pass || fail "transparent"
header=$(png_header "$work/tr/title/frame_000000.png")
[ "$header" = "64x36 6" ] && pass || fail "a transparent frame's PNG header says '$header', expected 64x36 RGBA"
cp "$work/tr/title/frame_000003.png" "$work/tr/title/frame_000005.png" "$work/"
rm -f "$work/tr/title/frame_000003.png" "$work/tr/title/frame_000005.png"
before=$(stat -c %Y "$work/tr/title/frame_000001.png")
sleep 1
"$tfviz" render --section title --out "$work/tr" --size 64x36 --fps 2 --to 3 --transparent --resume >/dev/null 2>&1 && pass || fail "resume"
cmp -s "$work/tr/title/frame_000003.png" "$work/frame_000003.png" && cmp -s "$work/tr/title/frame_000005.png" "$work/frame_000005.png" && pass || fail "resume rewrote the missing frames as they were"
[ "$(stat -c %Y "$work/tr/title/frame_000001.png")" = "$before" ] && pass || fail "resume left existing frames alone"
# Resuming in the middle of animation: the frames written again are the frames that were lost.
"$tfviz" render --section matmul --out "$work/rm" --size 192x108 --fps 30 --from 20 --to 22 >/dev/null 2>&1 || fail "render for resume"
mkdir -p "$work/lost"
for k in 000005 000006 000031 000060; do mv "$work/rm/matmul/frame_$k.png" "$work/lost/"; done
"$tfviz" render --section matmul --out "$work/rm" --size 192x108 --fps 30 --from 20 --to 22 --resume >/dev/null 2>&1 || fail "resume in matmul"
same=1
for k in 000005 000006 000031 000060; do cmp -s "$work/rm/matmul/frame_$k.png" "$work/lost/frame_$k.png" || same=0; done
[ "$same" -eq 1 ] && pass || fail "resume in matmul rewrote lost frames differently"
expect_error 2 "--ssaa" render --section title --out "$work/x1" --ssaa 5
expect_error 2 "--video" render --section title --out "$work/x2" --video out.mov
expect_none "$work/x1"

# --- video: in process, no ffmpeg needed -----------------------------------------------------------
"$tfviz" render --section title --video "$work/t.mp4" --size 320x180 --fps 10 --to 3 >/dev/null 2>&1 && pass || fail "--video"
[ "$(head -c 8 "$work/t.mp4" | tail -c 4)" = "ftyp" ] && pass || fail "--video wrote no MP4"
tools_encode="$(dirname "$0")/../tools/encode"
TFVIZ="$tfviz" "$tools_encode" "$work/seq/matmul" "$work/seq.mp4" >/dev/null 2>&1 && pass || fail "tools/encode"
[ "$(head -c 8 "$work/seq.mp4" | tail -c 4)" = "ftyp" ] && pass || fail "tools/encode wrote no MP4"
expect_error 2 "encode: .* is not a folder" encode "$work/nothing-here"
expect_error 2 "has no frame_000000.png" encode "$work"
expect_error 2 "even width" render --section title --video "$work/odd.mp4" --size 321x180 --to 1
expect_none "$work/odd.mp4"
# ffprobe, when there, checks what the file holds: frame count, pixel format, the manifest's fps.
if command -v ffprobe >/dev/null; then
  ffprobe -v error -show_entries stream=pix_fmt,nb_frames -of csv=p=0 "$work/t.mp4" | grep -q "yuv420p,31" && pass || fail "--video: 31 yuv420p frames"
  ffprobe -v error -show_entries stream=r_frame_rate -of csv=p=0 "$work/seq.mp4" | grep -q "^4/1" && pass || fail "tools/encode keeps the manifest's fps"
fi

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
