#!/usr/bin/env bash
# Reproduces README's "Results against the 1998 paper" table: every run of it, 3 seeds each, at most $JOBS at
# once, each niced and on one compute thread (1 and 2 threads give the same bits, so accuracy does not depend on it).
#
#   scripts/results-table.sh OUT_DIR [FILTER]
#
# OUT_DIR receives one JSON report (--report) and one console log per run, then summary.md (scripts/summarize.py).
# FILTER (a grep pattern) keeps only the jobs whose name matches, e.g. "paper-s1". Environment:
#   CNNVIZ  the built app (default src/CnnViz.App/bin/Release/net10.0/cnnviz; build with dotnet build -c Release first)
#   MNIST   the full MNIST folder (default data/mnist)     FASHION  the Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)
#   JOBS    runs at once (default 2)
set -euo pipefail
out=${1:?usage: scripts/results-table.sh OUT_DIR [FILTER]}
filter=${2:-.}
here=$(cd "$(dirname "$0")/.." && pwd)
cnnviz=${CNNVIZ:-$here/src/CnnViz.App/bin/Release/net10.0/cnnviz}
mnist=${MNIST:-$here/data/mnist}
fashion=${FASHION:-/usr/share/datasets/fashion-mnist}
mkdir -p "$out"

# name | options (the seed is added per run)
jobs() {
  cat <<JOBS
paper-softmax|--recipe paper --model lenet5-1998-softmax --data $mnist
paper-distort-softmax|--recipe paper-distort --model lenet5-1998-softmax --data $mnist
best|--recipe best --data $mnist
classic|--model lenet5-classic --epochs 10 --data $mnist
fashion|--model lenet5 --optimizer adam --lr 0.002 --schedule cosine --epochs 6 --dataset fashion-mnist --data $fashion
fashion-affine|--model lenet5 --optimizer adam --lr 0.002 --schedule cosine --epochs 6 --augment affine --dataset fashion-mnist --data $fashion
paper|--recipe paper --data $mnist
paper-distort|--recipe paper-distort --data $mnist
paper-softmax-wd|--recipe paper --model lenet5-1998-softmax --weight-decay 0.0005 --data $mnist
paper-distort-softmax-20|--recipe paper-distort --model lenet5-1998-softmax --epochs 20 --data $mnist
paper-softmax-wd1e3|--recipe paper --model lenet5-1998-softmax --weight-decay 0.001 --data $mnist
paper-softmax-wd-20|--recipe paper --model lenet5-1998-softmax --weight-decay 0.0005 --epochs 20 --data $mnist
JOBS
}

run_one() { # name seed options...
  local name=$1 seed=$2; shift 2
  local tag="$name-s$seed" start rc=0
  start=$(date +%s)
  nice -n 15 "$cnnviz" --headless --threads 1 --seed "$seed" "$@" --report "$out/$tag.json" > "$out/$tag.log" 2>&1 || rc=$?
  echo "$tag rc=$rc wall=$(( $(date +%s) - start )) s  $(tail -1 "$out/$tag.log")"
}
export -f run_one
export out cnnviz

jobs | while IFS='|' read -r name options; do
  for seed in 1 2 3; do
    if [[ "$name-s$seed" =~ $filter ]]; then printf '%s %s %s\0' "$name" "$seed" "$options"; fi
  done
done | xargs -0 -n1 -P "${JOBS:-2}" bash -c 'run_one $0' 2>&1 | tee -a "$out/runs.txt"
python3 "$here/scripts/summarize.py" "$out" > "$out/summary.md"
cat "$out/summary.md"
