#!/bin/sh
# The export tests (export_tests.cmake): the real binary renders offscreen under Xvfb, and what it
# wrote is read back by export_check (giflib, libpng) and ffprobe.
#   export_run.sh gif       BIN CHECK DIR   run --steps 100 --every 2 at 320x180: a GIF of 50 frames
#   export_run.sh mp4       BIN CHECK DIR   the same as MP4 (every step: 100 frames, yuv420p); skipped
#                                           (exit 77) with the reason when ffmpeg or ffprobe is missing
#   export_run.sh png       BIN CHECK DIR   navigation, every 5th of 20 steps as PNG frames with provenance
#   export_run.sh replay    BIN CHECK DIR   a recording replayed with --export --panels (the window's layout)
#   export_run.sh lesson    BIN CHECK DIR LESSON_FILE  lesson play: one frame per env step of every run
#   export_run.sh nodisplay BIN DIR         without a display: one line naming xvfb-run, exit 2
set -u
mode=$1
shift
XVFB="xvfb-run -a"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Runs the command, shows its output, and checks its "wrote FILE (N frames, WxH, F fps)" line.
expect_wrote() {
  want=$1
  shift
  out=$("$@") || fail "'$*' exited with $?: $out"
  echo "$out"
  echo "$out" | grep -qF "$want" || fail "expected '$want' in the output"
}

case "$mode" in
  gif)
    bin=$1 check=$2 dir=$3
    mkdir -p "$dir" && rm -f "$dir/run.gif"
    expect_wrote "wrote $dir/run.gif (50 frames, 320x180, 25 fps)" \
      $XVFB "$bin" run --steps 100 --export "$dir/run.gif" --every 2 --size 320x180
    "$check" gif "$dir/run.gif" 320 180 50 --hanging || exit 1
    ;;
  mp4)
    bin=$1 check=$2 dir=$3
    for p in ffmpeg ffprobe; do
      if ! command -v $p > /dev/null 2>&1; then
        echo "skipped: $p is not installed (scripts/deps.sh installs ffmpeg)"
        exit 77
      fi
    done
    mkdir -p "$dir" && rm -f "$dir/run.mp4" "$dir/mp4-frame.png"
    expect_wrote "wrote $dir/run.mp4 (100 frames, 320x180, 25 fps)" \
      $XVFB "$bin" run --steps 100 --export "$dir/run.mp4" --size 320x180
    probe=$(ffprobe -v error -count_frames -select_streams v:0 \
      -show_entries stream=width,height,nb_read_frames,pix_fmt:format_tags=comment \
      -of default=noprint_wrappers=1 "$dir/run.mp4") || fail "ffprobe cannot read $dir/run.mp4"
    echo "$probe"
    for want in width=320 height=180 nb_read_frames=100 pix_fmt=yuv420p "setup_hash=" "Software=mbrl-playground"; do
      echo "$probe" | grep -q "$want" || fail "ffprobe: no $want"
    done
    # The first frame as ffmpeg decodes it: drawn, and the pendulum hangs down (not flipped).
    ffmpeg -v error -i "$dir/run.mp4" -frames:v 1 "$dir/mp4-frame.png" || fail "ffmpeg cannot decode a frame"
    "$check" image "$dir/mp4-frame.png" 320 180 --hanging || exit 1
    ;;
  png)
    bin=$1 check=$2 dir=$3
    mkdir -p "$dir" && rm -f "$dir"/nav-*.png
    # (A PNG sequence's line is its encoder's note: the first and the last file.)
    expect_wrote "wrote 4 frames, $dir/nav-000000.png to $dir/nav-000003.png" \
      $XVFB "$bin" run --env navigation --planner cem --steps 20 --every 5 --export "$dir/nav.png" --size 320x180
    "$check" png "$dir/nav" 320 180 4 --samples 100 || exit 1
    ;;
  replay)
    bin=$1 check=$2 dir=$3
    mkdir -p "$dir" && rm -f "$dir/nav.mbrlrec" "$dir/replay.gif"
    "$bin" run --env navigation --planner mppi --steps 30 --record "$dir/nav.mbrlrec" --quiet ||
      fail "run --record exited with $?"
    expect_wrote "wrote $dir/replay.gif (30 frames, 640x360, 25 fps)" \
      $XVFB "$bin" replay "$dir/nav.mbrlrec" --export "$dir/replay.gif" --panels --size 640x360
    "$check" gif "$dir/replay.gif" 640 360 30 --samples 50 || exit 1
    ;;
  lesson)
    bin=$1 check=$2 dir=$3 file=$4
    mkdir -p "$dir" && rm -f "$dir/lesson.gif"
    # One frame per env step of each run: the timeline's run steps (none of them ends early).
    steps=$(python3 -c 'import json, sys
print(sum(s.get("steps", 0) for s in json.load(open(sys.argv[1]))["timeline"] if s["op"] == "run"))' "$file") ||
      fail "cannot read $file"
    id=$(basename "$file" .json)
    expect_wrote "wrote $dir/lesson.gif ($steps frames, 320x180, 25 fps)" \
      $XVFB "$bin" lesson play "$id" --export "$dir/lesson.gif" --size 320x180
    "$check" gif "$dir/lesson.gif" 320 180 "$steps" || exit 1
    ;;
  nodisplay)
    bin=$1 dir=$2
    mkdir -p "$dir"
    err=$(env -u DISPLAY -u WAYLAND_DISPLAY "$bin" run --steps 5 --export "$dir/nodisplay.gif" 2>&1 >/dev/null)
    rc=$?
    echo "$err"
    [ "$rc" -eq 2 ] || fail "exit $rc without a display, expected 2"
    [ "$(echo "$err" | wc -l)" -eq 1 ] || fail "expected one line, got: $err"
    echo "$err" | grep -q "xvfb-run" || fail "the message does not point to xvfb-run"
    [ ! -e "$dir/nodisplay.gif" ] || fail "a file was written without a display"
    ;;
  *)
    fail "unknown mode $mode"
    ;;
esac
