"""The throughput benchmark end to end, on a small site: its rows, the median of repeats,
a new store for every run and crawls held to fewer cores."""

from __future__ import annotations

import re
import sqlite3
import statistics

import pytest

from newsbot.bench.throughput import main, measure
from newsbot.worker_server import usable_cores

ROW = re.compile(r"^\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+\d+\s+[\d.]+\s+([\d.]+)\s+-$")


def test_repeated_runs_print_each_ratio_and_their_median(capsys) -> None:
    assert main(["--articles", "12", "--workers", "0", "--repeat", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    rows = [ROW.match(line) for line in out if ROW.match(line)]
    assert len(rows) == 3
    cores = len(usable_cores())
    assert all(int(row[1]) == cores and int(row[2]) == 0 and int(row[4]) == 12 and int(row[3]) > 12
               for row in rows)
    ratios = [float(row[5]) for row in rows]
    median = next(line for line in out if line.startswith(f"cores={cores} workers=0: median ratio"))
    shown = float(median.split()[4])
    assert abs(shown - statistics.median(ratios)) <= 0.011  # both printed to two decimals
    assert median.endswith(f"(each run: {', '.join(f'{r:.2f}' for r in ratios)})")


def test_each_run_crawls_into_a_store_of_its_own(tmp_path) -> None:
    """A second run into the first run's store would find every story stored already."""
    first = measure(12, 0, usable_cores(), tmp_path, bare=False)
    second = measure(12, 0, usable_cores(), tmp_path, bare=False)
    assert first.articles == second.articles == 12
    stores = sorted(tmp_path.glob("*/bench.db"))
    assert len(stores) == 2
    kept = []
    for store in stores:
        with sqlite3.connect(store) as db:
            kept.append(db.execute("SELECT COUNT(*), COUNT(duplicate_of) FROM articles").fetchone())
    # The demo site syndicates a few of its stories (their copies are stored as such), and
    # no more than those are copies in the second store.
    assert kept[0] == kept[1] and kept[0][0] - kept[0][1] == 12


def test_a_crawl_held_to_one_core_cleans_with_one_worker(capsys) -> None:
    assert main(["--articles", "12", "--cores", "1", "--no-bare"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:] if line.strip()[:1].isdigit()]
    assert [row[:2] for row in rows] == [["1", "1"]]
    assert int(rows[0][3]) == 12


@pytest.mark.parametrize("cores", [0, len(usable_cores()) + 1])
def test_cores_beyond_those_usable_are_refused(cores, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--articles", "12", "--cores", str(cores)])
    assert "--cores takes 1 to" in capsys.readouterr().err
