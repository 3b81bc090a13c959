"""examples/scenes/dot_product.py is an exact twin of the built-in section s02-dot-product: the
same timeline (duration, beats, items) and byte-identical frames, at the beats and in between."""

import importlib.util
import os

import numpy as np
import pytest

import tfviz
from tfviz import _scene

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENE = os.path.join(ROOT, "examples", "scenes", "dot_product.py")
W, H = 480, 270


@pytest.fixture(scope="module")
def section():
    sections = _scene.sections_of(SCENE)  # as `tfviz --scene` runs it (runpy)
    assert [s.id for s in sections] == ["s02-dot-product-py"]
    return sections[0]


@pytest.fixture(scope="module")
def twin(section):
    return section.build()


@pytest.fixture(scope="module")
def builtin():
    return tfviz.builtin("s02-dot-product")


def test_imports_as_a_module():
    spec = importlib.util.spec_from_file_location("dot_product_example", SCENE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    s = module.DotProduct()
    assert s.id == "s02-dot-product-py"
    assert s.title == "Dot product"
    assert s.duration > 0


def test_same_timeline(twin, builtin):
    assert twin.id == "s02-dot-product-py"
    assert twin.title == builtin.title
    assert twin.duration == pytest.approx(builtin.duration, abs=1e-9)
    assert twin.item_count == builtin.item_count
    assert twin.clip_count == builtin.clip_count
    assert [b.label for b in twin.beats] == [b.label for b in builtin.beats]
    assert [b.note for b in twin.beats] == [b.note for b in builtin.beats]
    for mine, theirs in zip(twin.beats, builtin.beats):
        assert mine.time == pytest.approx(theirs.time, abs=1e-9), mine.label


def sample_times(script):
    beats = [b.time for b in script.beats]
    halfway = [(t0 + t1) / 2 for t0, t1 in zip([0.0] + beats, beats)]
    fixed = [0.0, 0.7, 2.0, 13.3, 25.0, 37.1, 50.5, 60.2, 66.6]
    times = sorted(set(beats + halfway + [t for t in fixed if t <= script.duration]))
    assert len(times) >= 20
    return times


def test_frames_are_byte_identical(twin, builtin):
    differ = []
    frames = []
    for t in sample_times(builtin):
        mine = tfviz._tfviz.frame(twin, t, W, H)
        theirs = tfviz._tfviz.frame(builtin, t, W, H)
        assert mine.shape == theirs.shape == (H, W, 3)
        if not np.array_equal(mine, theirs):
            differ.append(round(t, 3))
        frames.append(mine)
    assert not differ, f"frames differ from s02-dot-product at t = {differ}"
    # The comparison means something only if the frames show something, and change.
    assert all(f.max() > f.min() for f in frames)
    distinct = {f.tobytes() for f in frames}
    assert len(distinct) > len(frames) // 2


def test_still_is_deterministic(section, tmp_path):
    t = section.beat_time("worked: product 3")
    first = section.still(t, tmp_path / "a.png", size=(W, H))
    second = section.still(t, tmp_path / "b.png", size=(W, H))
    with open(first, "rb") as f1, open(second, "rb") as f2:
        a, b = f1.read(), f2.read()
    assert a.startswith(b"\x89PNG")
    assert a == b
