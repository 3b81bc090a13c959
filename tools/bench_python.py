"""tools/bench-python: build times of the Python twins against their C++ sections, and the time
from saving a scene file to the window showing its new sections."""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BUILD = os.environ["TFVIZ_BUILD_DIR"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(BUILD, "python"))
import tfviz  # noqa: E402

TWINS = [("examples/scenes/dot_product.py", "s02-dot-product"),
         ("examples/scenes/attention.py", "matmul")]


def median_ms(f, runs=7):
    f()  # warm: the atlas, imports
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def builds():
    print(f"{'section':<24} {'C++ build ms':>13} {'Python build ms':>16} {'ratio':>7}")
    for path, builtin in TWINS:
        full = os.path.join(ROOT, path)
        if not os.path.exists(full):
            continue
        cls = type(tfviz.scene_sections(full)[0])
        cpp = median_ms(lambda: tfviz.builtin(builtin))
        py = median_ms(lambda: cls().build())
        print(f"{builtin:<24} {cpp:>13.1f} {py:>16.1f} {py / cpp:>7.2f}")


SCENE = '''import tfviz


class Live(tfviz.Section):
    id = "live"
    title = "Live"

    def construct(self):
        self.caption("save number {n}")
        self.product([[1, 2], [3, 4]], [[5, 6], [7, 8]])
'''


def reload_latency(saves=8):
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        print("save to new frame: skipped (needs Xvfb and xdotool)")
        return
    display = ":" + str(next(n for n in range(150, 250) if not os.path.exists(f"/tmp/.X{n}-lock")))
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    d = tempfile.mkdtemp(prefix="tfviz-bench-")
    scene = os.path.join(d, "live.py")
    log = tempfile.TemporaryFile(mode="w+")
    try:
        time.sleep(0.5)
        with open(scene, "w") as f:
            f.write(SCENE.format(n=0))
        window = subprocess.Popen([os.path.join(BUILD, "tfviz"), "--scene", scene], stderr=log,
                                  env=dict(os.environ, DISPLAY=display))
        time.sleep(3)
        latencies, builds_ms, seen = [], [], 0
        for n in range(1, saves + 1):
            saved = time.perf_counter()
            with open(scene + ".tmp", "w") as f:
                f.write(SCENE.format(n=n))
            os.replace(scene + ".tmp", scene)
            while True:
                log.seek(seen)
                line = log.readline()
                if line.endswith("\n"):
                    seen += len(line.encode())
                    if "rebuilt in" in line:
                        latencies.append((time.perf_counter() - saved) * 1000)
                        builds_ms.append(float(line.split("rebuilt in ")[1].split(" ms")[0]))
                        break
                else:
                    time.sleep(0.002)
                if time.perf_counter() - saved > 10:
                    raise RuntimeError("no reload seen in 10 s")
            time.sleep(0.5)
        window.terminate()
        window.wait(timeout=10)
        print(f"save to new sections in the window: median {statistics.median(latencies):.0f} ms, "
              f"max {max(latencies):.0f} ms over {saves} saves (of which running the file and "
              f"building: median {statistics.median(builds_ms):.0f} ms; the window polls the file "
              f"every 100 ms and draws the next frame within one frame after)")
    finally:
        xvfb.terminate()
        shutil.rmtree(d, ignore_errors=True)


builds()
reload_latency()
