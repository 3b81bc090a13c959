"""The README's "Write your own scene" example runs as written, as a scene file and its frames show
the product."""

import os
import re
import subprocess

import numpy as np

import tfviz
from conftest import ROOT, TFVIZ


def readme_example():
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    part = text.split("## Write your own scene", 1)[1]
    return re.search(r"```python\n(.*?)```", part, re.S).group(1)


def test_the_readme_scene_runs(tmp_path):
    scene = tmp_path / "hello.py"
    scene.write_text(readme_example())
    [section] = tfviz.scene_sections(str(scene))
    labels = [b[1] for b in section.beats]
    assert labels[:1] == ["entry: operands"] and labels[-1] == "done"
    assert [l for l in labels if l.startswith("entry (")] == [
        f"entry ({i}, {j})" for i in range(2) for j in range(2)]
    last = section.frame(section.duration, (480, 270))
    assert np.count_nonzero(last.max(axis=2) > 60) > 500  # the product and the note are drawn
    r = subprocess.run([TFVIZ, "still", "--scene", str(scene), "--section", "my-queries", "--time",
                        "3", "--out", str(tmp_path / "f.png")], capture_output=True, text=True,
                       env=dict(os.environ, DISPLAY=""), timeout=120)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "f.png").stat().st_size > 1000
