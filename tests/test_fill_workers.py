"""A fill worker needs no pandas.

Where processes are spawned rather than forked (Windows), each worker imports what its task
and its items need; pandas alone costs about half a second and tens of megabytes per worker.
The units and projects a worker receives (:mod:`scoring.batch.records`) and the module that
writes them (:mod:`scoring.batch.fill`) import no pandas; the main process reads the master
data with it.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

from scoring.batch.master import example_frames, load_master, write_master

#: What a spawned worker does: import the fill module, take its items (pickled), write them.
WORKER = (
    "import sys, pickle\n"
    "from scoring.batch.fill import Filler\n"
    "unit, project = pickle.loads(sys.stdin.buffer.read())\n"
    "filler = Filler()\n"
    "sizes = [len(filler.evaluation_bytes(unit)), len(filler.target_bytes(unit)),\n"
    "         len(filler.project_bytes(project))]\n"
    "print(all(size > 10_000 for size in sizes), 'pandas' in sys.modules)\n"
)


def test_a_worker_writes_units_and_projects_without_pandas(tmp_path):
    master = load_master(write_master(example_frames(), tmp_path / "master.xlsx"))
    items = pickle.dumps((master.units[0], master.projects[0]))
    done = subprocess.run([sys.executable, "-c", WORKER], input=items, capture_output=True,
                          check=True, timeout=120)
    assert done.stdout.decode().split() == ["True", "False"]
