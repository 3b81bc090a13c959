"""tfviz's GPT forward pass (Eigen, math/gpt.cpp, through `tfviz model --dump`) against PyTorch's
(tools/gpt_torch.py, nanoGPT's architecture) on the same weights: the shipped model and a model
with random weights, with and without biases, to 1e-5."""

import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT, TFVIZ

torch = pytest.importorskip("torch")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import gpt_torch  # noqa: E402

SHIPPED = os.path.join(ROOT, "assets", "model", "toy_gpt.npz")


def tfviz_model(*args):
    r = subprocess.run([TFVIZ, "model", *args], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, DISPLAY=""))
    return r


def random_model(tmp_path, bias, seed):
    torch.manual_seed(seed)
    config = gpt_torch.GPTConfig(n_layer=3, n_head=4, n_embd=24, block_size=12, vocab_size=37,
                                 bias=bias)
    model = gpt_torch.GPT(config)
    with torch.no_grad():  # larger than the initialisation, so every stage matters
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    path = tmp_path / f"random_{int(bias)}.npz"
    gpt_torch.save_npz(model, config, str(path))
    return path


@pytest.mark.parametrize("which", ["shipped", "random-bias", "random-nobias"])
def test_every_stage_matches_pytorch(tmp_path, which):
    if which == "shipped":
        path, tokens = SHIPPED, [4, 20, 3, 13, 0, 8, 26, 24, 12, 19][:8]
    else:
        path = random_model(tmp_path, which == "random-bias", seed=len(which))
        tokens = [5, 0, 36, 7, 7, 12, 1, 30, 2, 9, 11]
    model, config = gpt_torch.load_npz(str(path))
    tokens = [t % config.vocab_size for t in tokens]
    dump = tmp_path / "dump"
    r = tfviz_model("--weights", str(path), "--tokens", ",".join(map(str, tokens)), "--dump",
                    str(dump))
    assert r.returncode == 0, r.stderr
    idx = torch.tensor([tokens])
    with torch.no_grad():
        logits, atts = model(idx, return_attn=True)
        x = model.transformer.wte(idx) + model.transformer.wpe(torch.arange(len(tokens)))
    load = lambda name: np.load(dump / f"{name}.npy")  # noqa: E731
    assert np.allclose(load("x0"), x[0].numpy(), atol=1e-5)
    for b in range(config.n_layer):
        for h in range(config.n_head):
            assert np.allclose(load(f"h{b}.attn.head{h}.weights"), atts[b][0, h].numpy(),
                               atol=1e-5), (b, h)
    assert np.allclose(load("logits"), logits[0].numpy(), atol=1e-4 * max(1, float(logits.abs().max())))
    probs = torch.softmax(logits[0, -1].double(), dim=-1).numpy()
    assert np.allclose(load("probs")[0], probs, atol=1e-5)
    # The printed distribution: most likely first, and the same numbers.
    lines = [l.split("\t") for l in r.stdout.splitlines()]
    assert len(lines) == config.vocab_size
    printed = [float(p) for _, p in lines]
    assert printed == sorted(printed, reverse=True)
    assert abs(printed[0] - probs.max()) < 1e-5


def test_the_shipped_model_predicts_the_tutorials_words():
    for prompt, word in [("check the battery log and find out whether it ran", "down"),
                         ("check the program log and find out whether it ran", "please")]:
        r = tfviz_model("--prompt", prompt)
        assert r.returncode == 0, r.stderr
        top, p = r.stdout.splitlines()[0].split("\t")
        assert top == word and float(p) > 0.9


@pytest.mark.parametrize("args, message", [
    (["--prompt", "check the zebra"], "--prompt: the word 'zebra' is not in the vocabulary"),
    (["--tokens", "1,2,999"], "--tokens: token id 999 is outside the vocabulary (0 to 28)"),
    (["--tokens", "1,x"], "--tokens: expected token ids >= 0 separated by commas"),
    (["--weights", "/nonexistent.npz", "--tokens", "1"], "--weights: /nonexistent.npz"),
    (["--prompt", "a", "--tokens", "1"], "--prompt and --tokens: give one or the other"),
    ([], "model: give the prompt"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    r = tfviz_model(*args)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert message in r.stderr, r.stderr
