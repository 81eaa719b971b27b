"""The throughput benchmark end to end, on a small site: its rows and the median of repeats."""

from __future__ import annotations

import re
import statistics

from newsbot.bench.throughput import main

ROW = re.compile(r"^\s+(\d+)\s+(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+\d+\s+[\d.]+\s+([\d.]+)\s+-$")


def test_repeated_runs_print_each_ratio_and_their_median(capsys) -> None:
    assert main(["--articles", "12", "--workers", "0", "--repeat", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = [ROW.match(line) for line in out if ROW.match(line)]
    assert len(rows) == 3
    assert all(int(row[1]) == 0 and int(row[3]) == 12 and int(row[2]) > 12 for row in rows)
    ratios = [float(row[4]) for row in rows]
    median = next(line for line in out if line.startswith("workers=0: median ratio"))
    shown = float(median.split()[3])
    assert abs(shown - statistics.median(ratios)) <= 0.011  # both printed to two decimals
    assert median.endswith(f"(each run: {', '.join(f'{r:.2f}' for r in ratios)})")
