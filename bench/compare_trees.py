"""CPU seconds (user + sys) of the audit of one workbook by two checkouts, alternating, in fresh processes.

Usage: ``python bench/compare_trees.py WORKBOOK.xlsx RUNS OLD_TREE NEW_TREE`` (each tree a checkout of
lakip-xl; the old one may predate the package layout). CPU time is steadier than wall time on a loaded
two-core machine; this is how the speed aim of issue #10 (within 10 %) was measured.
"""

import resource
import statistics
import subprocess
import sys

wb, n, old_tree, new_tree = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
trees = {"old": old_tree, "new": new_tree}
code = (
    "import sys, pathlib; sys.path.insert(0, {tree!r})\n"
    "try:\n    from lakip_xl.audit.engine import audit\n"
    "except ImportError:\n    from lakip_xl.audit import audit\n"
    "print(len(audit(pathlib.Path({wb!r})).findings))"
)
res: dict[str, list[float]] = {k: [] for k in trees}
for _ in range(n):
    for k, tree in trees.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([sys.executable, "-c", code.format(tree=tree, wb=wb)], capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        assert out.returncode == 0, out.stderr[-2000:]
        res[k].append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
for k, v in res.items():
    print(k, "median CPU s", round(statistics.median(v), 3), "min", round(min(v), 3))
print("ratio new/old median", round(statistics.median(res["new"]) / statistics.median(res["old"]), 3))
