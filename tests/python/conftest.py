"""pytest set-up for tfviz's Python tests: `import tfviz` finds the module of the build under test.

ctest passes the build's folder in TFVIZ_BUILD_DIR (tests/CMakeLists.txt); run by hand, the newest
build/*/python with a compiled module is used. The interpreter must be Debian's /usr/bin/python3
(numpy, torch): tools/test runs `/usr/bin/python3 -m pytest tests/python`.
"""

import glob
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def build_dir():
    if os.environ.get("TFVIZ_BUILD_DIR"):
        return os.environ["TFVIZ_BUILD_DIR"]
    modules = glob.glob(os.path.join(ROOT, "build", "*", "python", "tfviz", "_tfviz*.so"))
    if not modules:
        raise RuntimeError("no build with the Python module: run tools/test (or tools/run) first")
    newest = max(modules, key=os.path.getmtime)
    return os.path.dirname(os.path.dirname(os.path.dirname(newest)))


BUILD = build_dir()
sys.path.insert(0, os.path.join(BUILD, "python"))
TFVIZ = os.path.join(BUILD, "tfviz")  # the executable
EXAMPLES = os.path.join(ROOT, "examples")
