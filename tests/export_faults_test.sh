#!/usr/bin/env bash
# Export under abuse, end to end: hostile and odd file names (no shell ever sees them), signals
# at several moments of render, still, bench and --video (to tfviz and to its process group),
# --resume refusing another run's folder, and the temporary files of a killed run removed by the
# next one. Usage: export_faults_test.sh path/to/tfviz
# TFVIZ_STOP_LIMIT (seconds, default 0.5): how soon after a signal tfviz must have exited.
set -u
tfviz=$(realpath "$1")
limit=${TFVIZ_STOP_LIMIT:-0.5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passes=0
pass() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
small=(--size 320x180 --fps 10)

# Every PNG under $1 is complete (ends with the IEND chunk) and no temporary file is left.
check_complete() {
  local dir=$1 what=$2 bad=0 f
  while IFS= read -r -d '' f; do
    [ "$(tail -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = "49454e44ae426082" ] || { bad=1; fail "$what: $f is incomplete"; }
  done < <(find "$dir" -name 'frame_*.png' -print0 2>/dev/null)
  if [ -n "$(find "$dir" -name '.*tmp*' 2>/dev/null)" ]; then
    fail "$what: temporary files left: $(find "$dir" -name '.*tmp*' | head -3)"
    bad=1
  fi
  [ $bad -eq 0 ] && pass
}

# An MP4 is there and starts like one (an ISO BMFF 'ftyp' box).
check_mp4() {
  if [ -f "$1" ] && [ "$(head -c 8 "$1" | tail -c 4)" = "ftyp" ]; then pass; else fail "$2: no MP4 at '$1'"; fi
}

# --- names no shell may see, and names that are merely unusual ----------------------------------
names=("Bob's talk.mp4" "x';touch PWNED;echo '.mp4" 'a"b $(touch PWNED2) `touch PWNED3`.mp4'
  $'line\nbreak.mp4' "übung — 注意 .mp4" "colon:name.mp4" "-starts-with-dash.mp4" "100%d.mp4")
cd "$work" || exit 1
for name in "${names[@]}"; do
  "$tfviz" render --section matmul --video "./$name" "${small[@]}" --to 1 2>"$work/err" ||
    fail "--video '$name': exit $?: $(head -c 300 "$work/err")"
  check_mp4 "./$name" "--video '$name'"
done
for pwn in PWNED PWNED2 PWNED3; do [ -e "$work/$pwn" ] && fail "a name ran a command ($pwn)"; done
[ -z "$(find "$work" -maxdepth 1 -name '.*tmp*')" ] && pass || fail "--video left temporary files"

# A path of 4,000+ characters (the OS limit is 4,096), in folders of 200-character names.
long="$work"
while [ ${#long} -lt 3800 ]; do long="$long/$(printf 'd%.0s' $(seq 200))"; done
mkdir -p "$long"
longname="$long/$(printf 'v%.0s' $(seq $((4000 - ${#long}))))".mp4
"$tfviz" render --section matmul --video "$longname" "${small[@]}" --to 1 2>"$work/err" ||
  fail "--video with a ${#longname}-character path: $(head -c 200 "$work/err")"
check_mp4 "$longname" "--video (${#longname} characters)" | cut -c 1-300
"$tfviz" render --section matmul --out "$long/frames" "${small[@]}" --to 1 2>"$work/err" ||
  fail "render --out with a long path: $(head -c 200 "$work/err")"
[ -f "$long/frames/matmul/frame_000010.png" ] && pass || fail "render --out long path: no frames"
rm -rf "$work/dddd"*

# PNG frames and stills under odd names, too.
odd=$'odd \'dir\' $(x) \n ü'
"$tfviz" render --section matmul --out "$work/$odd" "${small[@]}" --to 1 2>"$work/err" ||
  fail "render --out '$odd': $(cat "$work/err")"
[ -f "$work/$odd/matmul/frame_000000.png" ] && [ -f "$work/$odd/manifest.json" ] && pass ||
  fail "render --out '$odd': missing frames or manifest"
"$tfviz" still --section matmul --time 1 --out "$work/$odd/still '\$x'.png" --size 320x180 ||
  fail "still to an odd name"
[ -f "$work/$odd/still '\$x'.png" ] && pass || fail "still to an odd name: no file"

# --- signals -------------------------------------------------------------------------------------
# Job control on: each background job gets its own process group and keeps SIGINT, as a command
# started from a terminal does (without it, a script's background jobs ignore SIGINT from the start).
set -m
# run_and_signal SIGNAL DELAY GROUP ARGS...: starts tfviz ARGS (in its own process group), sends
# SIGNAL after DELAY seconds (to the group when GROUP is 1), and checks it was gone within $limit,
# with a non-zero exit and one line on stderr (unless it had already finished).
run_and_signal() {
  local sig=$1 delay=$2 group=$3
  shift 3
  last_err=""
  "$tfviz" "$@" 2>"$work/sig.err" &
  local pid=$!
  sleep "$delay"
  local t0
  t0=$(date +%s.%N)
  if [ "$group" = 1 ]; then kill -s "$sig" -- "-$pid" 2>/dev/null; else kill -s "$sig" "$pid" 2>/dev/null; fi
  wait "$pid"
  local rc=$?
  local took
  took=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
  local lines
  lines=$(tr '\r' '\n' <"$work/sig.err" | grep -c 'tfviz:')
  if [ $rc -eq 0 ]; then
    [ "$(awk -v t="$delay" 'BEGIN { print (t >= 1) }')" = 1 ] && pass ||
      fail "$sig after ${delay}s: tfviz $1 ran to the end (exit 0)"
    return
  fi
  awk -v t="$took" -v l="$limit" 'BEGIN { exit !(t <= l) }' && pass ||
    fail "$sig after ${delay}s to tfviz $1: took ${took}s to stop (limit ${limit}s)"
  # Killed by the signal before main() could catch it (exit 128+n from the shell) is allowed only
  # at the very start; otherwise exactly one line saying what was kept.
  if [ "$lines" -ne 1 ] && [ "$(awk -v t="$delay" 'BEGIN { print (t > 0.02) }')" = 1 ]; then
    fail "$sig after ${delay}s to tfviz $1: $lines message lines: $(tr '\r' '\n' <"$work/sig.err" | tail -3)"
  else
    pass
  fi
  last_err=$(tr '\r' '\n' <"$work/sig.err" | grep 'tfviz:' | tail -1)
}

for sig in INT TERM; do
  for delay in 0 0.05 0.15 0.4 1.0; do
    for group in 0 1; do
      rm -rf "$work/sig"
      run_and_signal $sig $delay $group render --section matmul --out "$work/sig" --size 640x360 --fps 30
      check_complete "$work/sig" "render, SIG$sig after ${delay}s"
      rm -f "$work/sig.mp4"
      run_and_signal $sig $delay $group render --section matmul --video "$work/sig.mp4" --size 640x360 --fps 30
      [ -e "$work/sig.mp4" ] && fail "--video, SIG$sig after ${delay}s: a partial MP4 was left"
      [ -z "$(find "$work" -maxdepth 1 -name '.*tmp*')" ] && pass || fail "--video, SIG$sig after ${delay}s: temporary files left"
    done
  done
  run_and_signal $sig 0.3 1 bench --section all --size 640x360 --frames 30
  rm -f "$work/still.png"
  run_and_signal $sig 0.05 0 still --section matmul --time 3 --out "$work/still.png"
  check_complete "$work" "still, SIG$sig"
done

# An interrupted run says --resume continues, and --resume then finishes it.
# (The whole section at 60 fps: long enough that the signal lands mid-export on a fast machine.)
rm -rf "$work/r"
# (After start-up, which takes longer in instrumented builds: 1.6 times the stop limit.)
run_and_signal INT "$(awk -v l="$limit" 'BEGIN { print 1.6 * l }')" 0 render --section matmul --out "$work/r" --size 256x144 --fps 60
case "$last_err" in *--resume*) pass ;; *) fail "the interrupt message does not mention --resume: $last_err" ;; esac
"$tfviz" render --section matmul --out "$work/r" --size 256x144 --fps 60 --resume 2>/dev/null &&
  [ -f "$work/r/matmul/frame_007800.png" ] && [ -f "$work/r/manifest.json" ] && pass || fail "--resume after an interrupt"
"$tfviz" render --section matmul --out "$work/full" --size 256x144 --fps 60 2>/dev/null
diff -r "$work/r/matmul" "$work/full/matmul" >/dev/null && pass || fail "resumed frames differ from a run without a break"

# --- --resume continues only the same run ----------------------------------------------------------
rm -rf "$work/res"
"$tfviz" render --section matmul --out "$work/res" --size 320x180 --fps 10 --to 2 2>/dev/null
for other in "--size 640x360 --fps 10 --to 2" "--size 320x180 --fps 30 --to 2" \
  "--size 320x180 --fps 10 --to 3" "--size 320x180 --fps 10 --to 2 --ssaa 2" \
  "--size 320x180 --fps 10 --to 2 --transparent"; do
  # shellcheck disable=SC2086
  "$tfviz" render --section matmul --out "$work/res" $other --resume >/dev/null 2>"$work/err"
  rc=$?
  if [ $rc -eq 2 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "was rendered with" "$work/err"; then
    pass
  else
    fail "--resume with $other: exit $rc, $(cat "$work/err")"
  fi
done
"$tfviz" render --section s01-one-hot --out "$work/res" --size 320x180 --fps 10 --to 2 --resume 2>"$work/err" &&
  fail "--resume with another section was accepted" || pass
# A folder of frames with no run record is not resumed either.
mkdir -p "$work/bare/matmul" && cp "$work/res/matmul/frame_000000.png" "$work/bare/matmul/"
"$tfviz" render --section matmul --out "$work/bare" "${small[@]}" --to 2 --resume 2>"$work/err" &&
  fail "--resume of a folder with no run record" || { grep -q "no record" "$work/err" && pass || fail "no-record message: $(cat "$work/err")"; }
# The same settings resume (nothing to do).
"$tfviz" render --section matmul --out "$work/res" --size 320x180 --fps 10 --to 2 --resume 2>/dev/null && pass ||
  fail "--resume with the same settings"

# --- a killed run's temporary files are removed by the next run ------------------------------------
sh -c 'exit 0' &
deadpid=$!
wait $deadpid
touch "$work/res/matmul/.frame_000003.png.tmp-$deadpid" "$work/res/matmul/.frame_000004.png.link-tmp-$deadpid"
touch "$work/.gone.mp4.tmp-$deadpid"
"$tfviz" render --section matmul --out "$work/res" --size 320x180 --fps 10 --to 2 2>/dev/null
"$tfviz" render --section matmul --video "$work/v.mp4" "${small[@]}" --to 1 2>/dev/null
[ -z "$(find "$work/res" "$work" -maxdepth 2 -name "*tmp-$deadpid")" ] && pass || fail "stale temporaries not removed"

# --- a full disk: one line, nothing left ---------------------------------------------------------
if mkdir -p "$work/full-disk" && mount -t tmpfs -o size=300k tmpfs "$work/full-disk" 2>/dev/null; then
  "$tfviz" render --section matmul --out "$work/full-disk/f" --size 640x360 --fps 30 --to 20 2>"$work/err"
  rc=$?
  [ $rc -eq 1 ] && [ "$(tr '\r' '\n' <"$work/err" | grep -c 'tfviz:')" -eq 1 ] && pass || fail "render on a full disk: exit $rc, $(cat "$work/err")"
  check_complete "$work/full-disk" "render on a full disk"
  "$tfviz" render --section matmul --video "$work/full-disk/v.mp4" --size 1280x720 --fps 30 --to 30 2>"$work/err"
  rc=$?
  [ $rc -eq 1 ] && [ "$(tr '\r' '\n' <"$work/err" | grep -c 'tfviz:')" -eq 1 ] && pass || fail "--video on a full disk: exit $rc, $(cat "$work/err")"
  [ -z "$(find "$work/full-disk" -maxdepth 1 -name '*.mp4*')" ] && pass || fail "--video on a full disk left $(ls -a "$work/full-disk")"
  umount "$work/full-disk"
else
  echo "note: cannot mount a small tmpfs here (not root, or in a container): full-disk checks skipped"
fi

echo "export faults: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
