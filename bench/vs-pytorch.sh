#!/usr/bin/env bash
# Issue 13's side-by-side figures: cnnviz bench against the PyTorch (TorchSharp) harness, alternating
# A B [C] A B [C] … in the same minutes, for the five goals, plus the harness's FMA peak; prints medians and
# ratios of medians (and the range of the per-pair ratios).
#
# usage: bench/vs-pytorch.sh CNNVIZ HARNESS [BASE_CNNVIZ] [--rounds N] [--seconds S] [--isa native|avx2] [--only GOAL,...]
#   CNNVIZ       the cnnviz executable to measure (e.g. src/CnnViz.App/bin/Release/net10.0/cnnviz)
#   HARNESS      TorchSharpLeNet executable (../shared/anchors/torchsharp-lenet, built per its README)
#   BASE_CNNVIZ  optional second cnnviz (e.g. main's build) timed in the same rounds, for before/after
#   --isa avx2   restricts both sides to AVX2 on an AVX-512 CPU: DOTNET_EnableAVX512=0 (.NET 10; older runtimes
#                read DOTNET_EnableAVX512F) for cnnviz, ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 for PyTorch
#   --nice N     run both sides at this nice value (root; no help where the other jobs sit in other cgroups)
#   --pause S    seconds of idle before every run (default 3): a run started right after the harness exits was
#                measured up to 1.6× slower (60k vs 97k images/s) while the machine settles; both sides get the pause
#   goals: b64 b256 b1 b64t1 infer (default all) and peak (the harness's FMA peak; `--burst`, where the harness
#          copy has it, keeps each thread's fastest ~1 ms burst, which a busy machine disturbs least)
# Every repetition is kept (--max-foreign 100): on a shared machine quote ratios, not absolute figures. "fastest steps"
# compares each side's fastest single step over all rounds (the one other processes disturbed least; the harness
# prints fastest_step= only in the copy patched for issue 13, otherwise that column stays empty).
set -euo pipefail
[ $# -ge 2 ] || { sed -n 2,17p "$0"; exit 2; }
NEW=$(realpath "$1"); HARNESS=$(realpath "$2"); shift 2
BASE=""
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then BASE=$(realpath "$1"); shift; fi
ROUNDS=3 SECONDS_PER_REP=1 ISA=native ONLY="b64,b256,b1,b64t1,infer,peak" NICE=0 PAUSE=3
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --seconds) SECONDS_PER_REP=$2; shift 2 ;;
    --isa) ISA=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --nice) NICE=$2; shift 2 ;;
    --pause) PAUSE=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for f in "$NEW" "$HARNESS" ${BASE:+"$BASE"}; do [ -x "$f" ] || { echo "not an executable: $f" >&2; exit 2; }; done
CNN_ENV=() TORCH_ENV=()
if [ "$ISA" = avx2 ]; then
  CNN_ENV=(DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0)
  TORCH_ENV=(ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 DNNL_MAX_CPU_ISA=AVX2)
fi
export HARNESS_WAIT_IDLE_S=${HARNESS_WAIT_IDLE_S:-3}   # the harness waits for an idle machine up to this long
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-) ; ISA mode: $ISA ; nice $NICE ; $(date -u '+%F %H:%M UTC') ; rounds $ROUNDS"

cnn() {   # cnnviz images/s: $1 exe, $2 mode (train|inference), $3 batch, $4 threads
  local b=(--batch-size "$3"); [ "$2" = inference ] && b=(--infer-batch "$3")
  env "${CNN_ENV[@]}" nice -n "$NICE" "$1" bench --only "$2" "${b[@]}" --threads "$4" --seconds "$SECONDS_PER_REP" --reps 3 \
    --max-foreign 100 --no-naive --json | python3 -c "import json,sys; d=json.load(sys.stdin); r=d['train' if '$2'=='train' else 'inference']; print(r['median'], r.get('fastest_step', float('nan')), d['isa'])"
}
torch() { # harness images/s: $1 mode (train|infer), $2 batch, $3 threads
  env "${TORCH_ENV[@]}" nice -n "$NICE" "$HARNESS" "$1" --batch "$2" --threads "$3" --reps 3 --seconds "$SECONDS_PER_REP" --max-foreign 100 \
    | sed -n 's/^RESULT .* median=\([0-9.]*\) .*fastest_step=\([0-9.]*\).*/\1 \2/p; t; s/^RESULT .* median=\([0-9.]*\) .*/\1 nan/p'
}
load() { cut -d' ' -f1 /proc/loadavg; }

run_goal() { # $1 name, $2 cnnviz mode, $3 torch mode, $4 batch, $5 threads
  for r in $(seq 1 "$ROUNDS"); do
    sleep "$PAUSE"; read -r a amax isa < <(cnn "$NEW" "$2" "$4" "$5"); echo "$1 new $a $amax $(load)" >> "$OUT/raw"
    if [ -n "$BASE" ]; then sleep "$PAUSE"; read -r b bmax _ < <(cnn "$BASE" "$2" "$4" "$5"); echo "$1 base $b $bmax $(load)" >> "$OUT/raw"; fi
    sleep "$PAUSE"; read -r t tmax < <(torch "$3" "$4" "$5" || true); echo "$1 torch ${t:-nan} ${tmax:-nan} $(load)" >> "$OUT/raw"
    echo "  $1 round $r: cnnviz $a (fastest step $amax, $isa)${BASE:+, base $b}, pytorch ${t:-failed} (fastest step ${tmax:-–}), load $(load)" >&2
  done
}
IFS=, read -ra GOALS <<< "$ONLY"
for g in "${GOALS[@]}"; do
  case "$g" in
    b64) run_goal "train b64 2thr" train train 64 2 ;;
    b256) run_goal "train b256 2thr" train train 256 2 ;;
    b1) run_goal "train b1 2thr" train train 1 2 ;;
    b64t1) run_goal "train b64 1thr" train train 64 1 ;;
    infer) run_goal "infer b1000 2thr" inference infer 1000 2 ;;
    peak)
      W=512; [ "$ISA" = avx2 ] && W=256; grep -q avx512f /proc/cpuinfo || W=256
      for r in $(seq 1 "$ROUNDS"); do
        p=$(nice -n "$NICE" "$HARNESS" peak --threads 2 --width "$W" --burst | sed -n 's/^RESULT .* median=\([0-9.]*\) .*/\1/p' || true)
        echo "peak $W ${p:-nan} - $(load)" >> "$OUT/raw"; echo "  peak round $r: ${p:-failed (not quiet)} GFLOP/s" >&2
      done ;;
    *) echo "unknown goal $g" >&2; exit 2 ;;
  esac
done

python3 - "$OUT/raw" <<'EOF'
import sys, statistics as st, collections
rows = [l.split() for l in open(sys.argv[1])]
goals = collections.OrderedDict()
peaks = []
for r in rows:
    if r[0] == 'peak':
        if r[2] != 'nan': peaks.append(float(r[2]))
        continue
    name = ' '.join(r[:3]); who, v, best, load = r[3], r[4], r[5], r[6]
    g = goals.setdefault(name, {'new': [], 'base': [], 'torch': [], 'load': [], 'newbest': [], 'torchbest': []})
    g[who].append(float(v)); g['load'].append(float(load))
    if who in ('new', 'torch'): g[who + 'best'].append(float(best))
goal_ratio = {'train b64 2thr': 3.0, 'train b256 2thr': 3.0, 'train b1 2thr': 5.0, 'train b64 1thr': 3.0, 'infer b1000 2thr': 3.0}
print(f"\n| LeNet-5 | load | PyTorch med | cnnviz base med | cnnviz med | cnnviz / PyTorch (pairs) | fastest steps: ratio | goal |")
print("|---|---|---|---|---|---|---|---|")
med = lambda v: st.median(v) if v else float('nan')
for name, g in goals.items():
    t = [x for x in g['torch'] if x == x]
    pairs = [a / b for a, b in zip(g['new'], g['torch']) if b == b and b > 0]
    ratio = med(g['new']) / med(t) if t else float('nan')
    rng = f"{min(pairs):.2f}–{max(pairs):.2f}" if pairs else "–"
    base = f"{med(g['base']):,.0f}" if g['base'] else "–"
    tb = [x for x in g['torchbest'] if x == x]
    nb = [x for x in g['newbest'] if x == x]
    best = f"{max(nb):,.0f} / {max(tb):,.0f} = {max(nb) / max(tb):.2f}×" if tb and nb else "–"
    print(f"| {name} | {min(g['load']):.1f}–{max(g['load']):.1f} | {med(t):,.0f} | {base} | {med(g['new']):,.0f} | **{ratio:.2f}×** ({rng}) | {best} | ≥ {goal_ratio.get(name, 0)}× |")
if peaks:
    p = med(peaks)
    print(f"\nharness FMA peak (2 threads): median {p:.0f} GFLOP/s over {len(peaks)} runs")
    if 'train b64 2thr' in goals:
        ips = med(goals['train b64 2thr']['new']); fast = max(goals['train b64 2thr']['newbest'])
        gf = ips * 2.264e6 / 1e9   # 1,131,960 multiply-adds per training image (forward 416,520 + dW 416,520 + dX 298,920)
        print(f"train b64 2thr: {ips:,.0f} images/s × 2.264 MFLOP = {gf:.1f} GFLOP/s = {100 * gf / p:.1f}% of the peak (goal ≥ 30%); "
              f"fastest step {fast:,.0f} images/s = {100 * fast * 2.264e6 / 1e9 / p:.1f}%")
EOF
