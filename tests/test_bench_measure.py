"""The benchmarks' process measurements: CPU is told apart between a command and its children."""

from __future__ import annotations

import sys
import textwrap

from newsbot.bench.measure import run_measured

# Runs a child that burns 0.6 s of CPU, then burns 0.3 s itself.
BURNER = textwrap.dedent("""
    import subprocess, sys, time

    def burn(seconds):
        start = time.process_time()
        while time.process_time() - start < seconds:
            pass
        time.sleep(0.3)  # sampled once more before the process ends

    if sys.argv[1:] == ["child"]:
        burn(0.6)
    else:
        subprocess.run([sys.executable, __file__, "child"], check=True)
        burn(0.3)
""")


def test_run_measured_tells_the_command_s_cpu_from_its_children_s(tmp_path) -> None:
    script = tmp_path / "burn.py"
    script.write_text(BURNER)
    run = run_measured([sys.executable, str(script)], interval=0.05)
    assert run.returncode == 0
    assert 0.5 <= run.children_cpu_seconds < 1.5, run
    assert 0.2 <= run.cpu_seconds < run.children_cpu_seconds, run
