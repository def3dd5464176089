#!/usr/bin/env bash
# Fuzz one target with AFL++ until it has run the given number of inputs (see README.md):
#   fuzz/run.sh data|front_matter|markdown [executions, default 1000000]
# Findings go to out/<target>/default/{crashes,hangs}/. Polite on a shared machine: niced, no
# CPU pinning, one rayon thread. Add AFL_NO_UI=1 for a log instead of the status screen, and
# AFL_AUTORESUME=1 to continue a previous run in out/<target>.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh data|front_matter|markdown [executions]}
executions=${2:-1000000}
case $target in
    data | front_matter | markdown) ;;
    *) echo "unknown target $target: data, front_matter or markdown" >&2; exit 2 ;;
esac
export AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 RAYON_NUM_THREADS=1
nice -n 10 cargo afl build --release -j 1
mkdir -p out
exec nice -n 10 cargo afl fuzz -i "corpus/$target" -o "out/$target" -x "dict/$target.dict" \
    -t 1000 -E "$executions" "target/release/$target"
