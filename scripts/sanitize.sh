#!/usr/bin/env bash
# Opt-in sanitizer run (not part of scripts/test.sh or CI yet): builds the layers below the window
# (core, learn, envs, engine, the headless CLI; -DMBRL_BUILD_APP=OFF) with AddressSanitizer and
# UndefinedBehaviorSanitizer into build-asan/, then runs their ctest tests (unit tests, layers,
# lessons). Any report fails the run: UBSan halts on the first finding, ASan aborts.
#   scripts/sanitize.sh                 build, then run every test but the lessons' claims (lesson
#                                       check --all: over 10 min under ASan; the unit tests cover
#                                       its code)
#   scripts/sanitize.sh -R 'planners'   arguments replace that default and go to ctest (here: only
#                                       the planners; no argument filter at all: -E '^$')
# Environment: MBRL_JOBS (parallel build and test jobs, default 2), MBRL_SANITIZE_DIR (build
# directory, default build-asan/). Optimised with -O1 and assertions on (Debug Eigen is ~50x
# slower); -march=native as in the normal build. The malloc-counting tests compile to nothing
# under ASan (it owns malloc), as does the RLIMIT_AS out-of-memory test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${MBRL_SANITIZE_DIR:-$root/build-asan}
jobs=${MBRL_JOBS:-2}
flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

start=$(date +%s)
cmake -S "$root" -B "$dir" -G Ninja -DMBRL_BUILD_APP=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" > /dev/null
cmake --build "$dir" -j "$jobs"
built=$(date +%s)

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
[[ $# -gt 0 ]] || set -- -E "claims hold"
(cd "$dir" && ctest -j "$jobs" --output-on-failure --timeout 1800 "$@") || status=$?
done=$(date +%s)
echo "sanitize.sh: build $((built - start)) s, tests $((done - built)) s ($dir)"
exit $status
