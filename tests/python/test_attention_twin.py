"""The Python attention explainer (examples/scenes/attention.py) is an exact twin of the built-in
one (section "matmul", src/scene/sections/matmul.cpp): same length, same beats, same items and the
same pixels, at every beat and halfway between beats, with the notebook's inputs; and also with
other inputs and options (given hidden states, the causal mask in one row and in two, no scaling,
other temperatures, long prompts), compared with the engine's own explainer on those inputs."""

import importlib.util
import json
import os
import subprocess

import numpy as np
import pytest

import tfviz
from tfviz import _scene, _tfviz
from conftest import EXAMPLES, TFVIZ

SCENE = os.path.join(EXAMPLES, "scenes", "attention.py")
SIZE = (480, 270)


def load_module():
    spec = importlib.util.spec_from_file_location("attention_scene", SCENE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


AttentionExplainer = load_module().AttentionExplainer


def frame(script, t):
    return _tfviz.frame(script, t, *SIZE)


def beat_and_mid_times(script):
    times = [b.time for b in script.beats]
    return sorted(times + [(a + b) / 2 for a, b in zip(times, times[1:])])


def assert_same_timeline(py, cpp):
    assert py.duration == pytest.approx(cpp.duration, abs=1e-9)
    assert py.item_count == cpp.item_count
    assert py.clip_count == cpp.clip_count
    assert [b.label for b in py.beats] == [b.label for b in cpp.beats]
    assert [b.note for b in py.beats] == [b.note for b in cpp.beats]
    for a, b in zip(py.beats, cpp.beats):
        assert abs(a.time - b.time) <= 1e-9, f"beat '{a.label}': {a.time} vs {b.time}"


def assert_same_frames(py, cpp, times):
    different = [t for t in times if not np.array_equal(frame(py, t), frame(cpp, t))]
    assert not different, f"{len(different)} of {len(times)} frames differ, first at t = " \
                          f"{different[0]:.4f} s"


@pytest.fixture(scope="module")
def twin():
    return AttentionExplainer()


@pytest.fixture(scope="module")
def builtin():
    return tfviz.builtin("matmul")


def test_the_scene_file_defines_the_twin_and_runs_as_a_scene():
    sections = _scene.sections_of(SCENE)  # as `tfviz --scene` runs it (runpy)
    assert [type(s).__name__ for s in sections] == ["AttentionExplainer"]
    s = sections[0]
    assert (s.id, s.title, s.auto_title) == ("matmul-py", "Attention, entry by entry", False)
    scripts, error = _scene.load_scene(SCENE)
    assert error == "" and [x.id for x in scripts] == ["matmul-py"]


def test_default_inputs_are_the_notebooks(twin):
    notebook = _tfviz.notebook_inputs()
    assert twin.prompt == notebook["prompt"] == "012"
    assert np.array_equal(twin.token_table, notebook["token_table"])
    for w in (twin.wq, twin.wk, twin.wv):
        assert np.array_equal(w, notebook["wq"])
    assert (twin.scale, twin.causal, twin.temperature) == (True, False, 1.0)


def test_same_timeline_as_the_builtin(twin, builtin):
    assert_same_timeline(twin.script, builtin)
    assert len(builtin.beats) >= 25


def test_same_frames_at_every_beat_and_between_beats(twin, builtin):
    times = beat_and_mid_times(builtin)
    assert len(times) >= 25
    assert_same_frames(twin.script, builtin, times)
    # The frames compared are real pictures that change along the section.
    distinct = {frame(builtin, t).tobytes() for t in times[::4]}
    assert len(distinct) >= len(times[::4]) * 3 // 4


def test_a_different_frame_is_told_apart(twin, builtin):
    # The comparison can fail: the twin a little later is not the built-in now.
    t = builtin.beats[10].time
    assert not np.array_equal(frame(twin.script, t + 0.3), frame(builtin, t))


# Given hidden states: compared with the engine's explainer on the same tensors
# (_tfviz.attention_section). x: one row per token; weights: nn.Linear's (out x in).
RNG = np.random.default_rng(7)
X_SMALL = np.array([[1.0, 0.5], [0.2, -1.0], [0.3, 0.3], [-0.7, 0.1]])
W_SMALL = np.array([[0.5, -1.0], [2.0, 0.25]])
X_BIG, WQ_BIG, WK_BIG, WV_BIG = (np.round(RNG.normal(size=s), 2)
                                 for s in ((8, 6), (6, 6), (6, 6), (6, 6)))
HIDDEN_CASES = {
    # named tokens, causal mask in two rows, a sharp softmax
    "tokens-causal-split": (X_SMALL, W_SMALL, W_SMALL, W_SMALL, ["the", "cat", "sat", "down"],
                            True, True, 0.5, False),
    # three weight matrices, no scaling, a flat softmax
    "three-weights-no-scale": (X_SMALL, W_SMALL, W_SMALL.T.copy(), 2 * W_SMALL, [], False, True,
                               2.0, False),
    # eight tokens with decimals: the causal mask fits in one row
    "eight-tokens-causal-one-row": (X_BIG, WQ_BIG, WK_BIG, WV_BIG, [], True, True, 1.0, True),
}


@pytest.mark.parametrize("case", HIDDEN_CASES, ids=list(HIDDEN_CASES))
def test_given_hidden_states_twin(case):
    x, wq, wk, wv, tokens, scale, causal, temperature, one_row = HIDDEN_CASES[case]
    s = AttentionExplainer(hidden=x, wq=wq, wk=wk, wv=wv, tokens=tokens, scale=scale,
                           causal=causal, temperature=temperature, source="Python")
    cpp = _tfviz.attention_section(x, wq, wk, wv, tokens, scale, causal, temperature,
                                   "attention", "Python")
    py = s.script
    assert s.mask_in_one_row == one_row  # both layouts of the mask are covered
    assert_same_timeline(py, cpp)
    assert_same_frames(py, cpp, beat_and_mid_times(cpp)[::3])


# Other prompts and options on the token lookup: the built-in explainer is reached through the
# command line's MATMUL options (`tfviz render --section matmul --prompt ... --causal`).
PROMPT_CASES = {
    # eight tokens: the mask takes two rows, the weights 2 decimals, the scaled scores 1
    "01234567-causal": ("01234567", True, True, 1.0, (False, 2, 1)),
    "75310-no-scale-hot": ("75310", True, False, 2.0, (False, 4, 0)),
}


@pytest.mark.skipif(not os.path.exists(TFVIZ), reason="no tfviz executable in this build")
@pytest.mark.parametrize("case", PROMPT_CASES, ids=list(PROMPT_CASES))
def test_prompt_and_options_twin(case, tmp_path):
    from PIL import Image

    prompt, causal, scale, temperature, plan = PROMPT_CASES[case]
    s = AttentionExplainer(prompt=prompt, causal=causal, scale=scale, temperature=temperature)
    py = s.script
    assert (s.mask_in_one_row, s.weights_format.decimals, s.scaled_format.decimals) == plan
    start, fps = 0.25, 2
    args = [TFVIZ, "render", "--section", "matmul", "--out", str(tmp_path), "--size",
            f"{SIZE[0]}x{SIZE[1]}", "--fps", str(fps), "--from", str(start), "--prompt", prompt,
            "--temperature", repr(temperature)]
    args += ["--causal"] if causal else []
    args += [] if scale else ["--no-scale"]
    subprocess.run(args, check=True, capture_output=True, timeout=120)
    with open(tmp_path / "manifest.json") as f:
        section = json.load(f)["sections"][0]
    assert section["to"] == pytest.approx(py.duration, abs=1e-9)
    assert [(b["label"], b["time"]) for b in section["beats"]] == \
        [(b.label, pytest.approx(b.time, abs=1e-9)) for b in py.beats]
    different = []
    for k in range(0, section["frame_count"], 2):
        t = start + k / fps
        cpp = np.asarray(Image.open(tmp_path / "matmul" / f"frame_{k:06d}.png").convert("RGB"))
        if not np.array_equal(frame(py, t), cpp):
            different.append(t)
    assert not different, f"{len(different)} frames differ, first at t = {different[0]:.3f} s"
