#!/usr/bin/env bash
# The window never dies of its size: run under a virtual X server (xvfb-run), it is resized past
# the GPU's texture limit, to 1x1, unmapped (what minimizing does to an X window), mapped again
# and quit with Q, and must stay alive with no error line, sleep while unmapped, and exit 0.
# TFVIZ_MAX_TARGET=1000 (a test hook) lowers the target limit so the scaled path (scene drawn
# smaller than the window, then blitted up) runs even where X will not make a huge window.
# Without xdotool it only runs 30 frames with the lowered limit.
# Usage: xvfb-run -a tests/window_test.sh path/to/tfviz
set -uo pipefail
tfviz=${1:?usage: window_test.sh path/to/tfviz}
log=$(mktemp)
trap 'rm -f "$log"; [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null' EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- tfviz stderr:" >&2
  cat "$log" >&2
  exit 1
}
errors() { grep '^tfviz:' "$log"; }  # logError's lines; info lines have no prefix

export TFVIZ_MAX_TARGET=1000
if ! command -v xdotool >/dev/null; then
  echo "window_test: no xdotool; only 30 frames with TFVIZ_MAX_TARGET=1000" >&2
  "$tfviz" --frames 30 2>"$log" || fail "exit code $?"
  errors && fail "error lines"
  exit 0
fi

"$tfviz" 2>"$log" &
pid=$!
win=$(timeout 20 xdotool search --sync --onlyvisible --name '^tfviz$' | head -n1)
[ -n "$win" ] || fail "no window"
alive() { kill -0 "$pid" 2>/dev/null || fail "tfviz ended ($1)"; }
# CPU seconds (user + system) the process has used so far.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$pid/stat"; }
sleep 1
alive start
xdotool windowfocus "$win"
xdotool key p  # play: the loop now renders every frame
for size in "20000 12000" "16385 9217" "1 1" "0 0" "1920 1" "1 1080" "1280 720"; do
  # 0x0 is not a legal X window size: xdotool's error is expected, the window's is not.
  xdotool windowsize "$win" $size 2>/dev/null
  sleep 1.5
  alive "at $size"
  command -v xwininfo >/dev/null &&
    echo "window_test: $size -> $(xwininfo -id "$win" | awk '/Width:/ {w=$2} /Height:/ {h=$2} END {print w "x" h}')"
done
before=$(cpu)
sleep 3
busy=$(awk -v a="$before" -v b="$(cpu)" 'BEGIN { printf "%.0f", (b - a) / 3 * 100 }')
xdotool windowunmap "$win"
sleep 1
before=$(cpu)
sleep 3
hidden=$(awk -v a="$before" -v b="$(cpu)" 'BEGIN { printf "%.0f", (b - a) / 3 * 100 }')
alive unmapped
echo "window_test: CPU playing ${busy}%, unmapped ${hidden}%"
[ "$hidden" -le 10 ] || fail "unmapped, the window still uses ${hidden}% CPU"
xdotool windowmap "$win"
sleep 1.5
alive "mapped again"
errors && fail "error lines"
xdotool windowfocus "$win"
xdotool key q
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$pid" 2>/dev/null && fail "Q did not quit"
wait "$pid"
rc=$?
pid=
[ "$rc" -eq 0 ] || fail "exit code $rc"
echo "window_test: ok"
