#!/usr/bin/env python3
"""Summarizes the JSON reports of scripts/results-table.sh: per job, the test error of each seed, the median and
min-max, validation error, epochs and wall time. Usage: scripts/summarize.py OUT_DIR"""
import json, pathlib, re, statistics, sys

out = pathlib.Path(sys.argv[1])
runs = {}
for report in sorted(out.glob("*-s[0-9]*.json")):
    name, seed = re.fullmatch(r"(.+)-s(\d+)", report.stem).groups()
    r = json.loads(report.read_text())
    last = r["per_epoch"][-1] if r["per_epoch"] else {}
    runs.setdefault(name, []).append({
        "seed": int(seed), "test_error": 100 * (1 - r["test_accuracy"]),
        "val_error": 100 * (1 - last["validation_accuracy"]) if last.get("validation_accuracy") is not None else float("nan"),
        "epochs": r["epochs"], "target": r["target_epochs"], "wall": r.get("wall_seconds", float("nan")),
        "settings": f'{r["model"]} {r["dataset"].split(" (")[0]} {r["optimizer"]} lr {r["start_learning_rate"]} {r["schedule"]} '
                    f'warmup {r["warmup_epochs"]} decay {r["lr_decay"]} wd {r["weight_decay"]} augment {r["augment"]} batch {r["batch_size"]}',
        "interrupted": r.get("interrupted"),
    })

print("| job | settings | seeds | test error per seed | median (min–max) | val error (median) | epochs | wall s per run |")
print("|---|---|---|---|---|---|---|---|")
for name, rs in runs.items():
    rs.sort(key=lambda x: x["seed"])
    errors = [x["test_error"] for x in rs]
    per_seed = " / ".join(f'{x["test_error"]:.2f}%' + (" (stopped)" if x["interrupted"] or x["epochs"] < x["target"] else "") for x in rs)
    print(f'| {name} | {rs[0]["settings"]} | {",".join(str(x["seed"]) for x in rs)} | {per_seed} | '
          f'{statistics.median(errors):.2f}% ({min(errors):.2f}–{max(errors):.2f}%) | {statistics.median(x["val_error"] for x in rs):.2f}% | '
          f'{rs[0]["epochs"]} | {" / ".join(format(x["wall"], ".0f") for x in rs)} |')
