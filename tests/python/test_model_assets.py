"""The model tfviz ships (assets/model/, written by tools/train_model.py) and the nanoGPT converter
(tools/convert_nanogpt.py), checked with PyTorch (skipped without it).

The shipped model must have learned the tutorial's s07-s08 fact: after "check the battery log and
find out whether it ran" comes "down", with "program" instead "please", and one head looks back
from "ran" to "battery"/"program" (the mask s08 sets by hand).
"""

import json
import os
import struct
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLS = os.path.join(ROOT, "tools")
MODEL = os.path.join(ROOT, "assets", "model", "toy_gpt.npz")
VOCAB = os.path.join(ROOT, "assets", "model", "vocab.txt")
sys.path.insert(0, TOOLS)
import gpt_torch  # noqa: E402

PYTHON = sys.executable
BATTERY = "check the battery log and find out whether it ran"
PROGRAM = "check the program log and find out whether it ran"


@pytest.fixture(scope="module")
def shipped():
    model, config = gpt_torch.load_npz(MODEL)
    with open(VOCAB) as f:
        vocab = f.read().split("\n")
    assert vocab[-1] == "", "vocab.txt must end with a newline"
    return model, config, vocab[:-1]


def run_prompt(model, vocab, prompt):
    ids = torch.tensor([[vocab.index(w) for w in prompt.split()]])
    with torch.no_grad():
        logits, atts = model(ids, return_attn=True)
    return torch.softmax(logits[0, -1].double(), -1), atts


def test_files_small_and_vocab_matches(shipped):
    model, config, vocab = shipped
    assert os.path.getsize(MODEL) < 1 << 20
    assert len(vocab) == config.vocab_size
    assert len(set(vocab)) == len(vocab)
    assert all(w and w == w.strip() and " " not in w for w in vocab)
    for w in BATTERY.split() + PROGRAM.split() + ["down", "please", "show", "photos"]:
        assert w in vocab
    log = open(os.path.join(ROOT, "assets", "model", "train_log.txt")).read()
    assert "final checks: all hold" in log and "seed " in log
    with open(os.path.join(ROOT, "assets", "model", "loss.png"), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_npz_layout():
    """Exactly nanoGPT's names (+ model_args), float32, lm_head left out (model_file.hpp)."""
    with np.load(MODEL) as z:
        names = set(z.files)
        args = z["model_args"]
        assert args.dtype == np.int64 and args.shape == (6,)
        config = gpt_torch.GPTConfig.from_array(args)
        want = set(gpt_torch.tensors_of(gpt_torch.GPT(config))) | {"model_args"}
        assert names == want
        for k in names - {"model_args"}:
            assert z[k].dtype == np.float32, k


@pytest.mark.parametrize("prompt,word", [(BATTERY, "down"), (PROGRAM, "please"),
                                         ("check whether the battery ran", "down"),
                                         ("check whether the program ran", "please")])
def test_predicts_the_article_answer(shipped, prompt, word):
    model, _, vocab = shipped
    p, _ = run_prompt(model, vocab, prompt)
    assert vocab[int(p.argmax())] == word
    assert float(p[vocab.index(word)]) > 0.9
    other = "please" if word == "down" else "down"
    assert float(p[vocab.index(other)]) < 0.05


def test_one_head_looks_back_from_ran(shipped):
    """The same head, in both sentences, puts most of its weight from "ran" on the noun."""
    model, config, vocab = shipped
    found = []
    for prompt, noun in ((BATTERY, "battery"), (PROGRAM, "program")):
        words = prompt.split()
        _, atts = run_prompt(model, vocab, prompt)
        weights = {(layer, h): float(att[0, h, len(words) - 1, words.index(noun)])
                   for layer, att in enumerate(atts) for h in range(config.n_head)}
        found.append(weights)
    best = max(found[0], key=lambda lh: min(found[0][lh], found[1][lh]))
    assert min(found[0][best], found[1][best]) > 0.5, found


def test_markov_part_is_learned(shipped):
    """s05: after "show me my", photos .5, files .3, directories .2 (the data's frequencies)."""
    model, _, vocab = shipped
    p, _ = run_prompt(model, vocab, "show me my")
    for word, want in (("photos", 0.5), ("files", 0.3), ("directories", 0.2)):
        assert abs(float(p[vocab.index(word)]) - want) < 0.1, word


def nanogpt_checkpoint(path, compiled=True):
    """A ckpt.pt laid out as nanoGPT's train.py saves it, from the shipped model."""
    model, config = gpt_torch.load_npz(MODEL)
    state = {}
    prefix = "_orig_mod." if compiled else ""
    for k, t in model.state_dict().items():
        state[prefix + k] = t.clone()
    T = config.block_size
    for i in range(config.n_layer):  # nanoGPT without flash attention keeps its mask buffer
        state[f"{prefix}transformer.h.{i}.attn.bias"] = torch.tril(torch.ones(T, T)).view(1, 1, T, T)
    model_args = dict(n_layer=config.n_layer, n_head=config.n_head, n_embd=config.n_embd,
                      block_size=config.block_size, bias=config.bias,
                      vocab_size=config.vocab_size, dropout=0.0)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    ckpt = {"model": state, "optimizer": opt.state_dict(), "model_args": model_args,
            "iter_num": 5000, "best_val_loss": torch.tensor(0.5),
            "config": {"dataset": "toy", "batch_size": 64, "compile": compiled}}
    torch.save(ckpt, path)
    return ckpt


def convert(*args):
    return subprocess.run([PYTHON, os.path.join(TOOLS, "convert_nanogpt.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def read_safetensors(path):
    """A reader written from the format's description (independent of the converter's writer)."""
    raw = open(path, "rb").read()
    (n,) = struct.unpack("<Q", raw[:8])
    assert n % 8 == 0
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__")
    data = raw[8 + n:]
    tensors, end = {}, 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        assert info["dtype"] == "F32"
        a, b = info["data_offsets"]
        assert a == end  # contiguous, no gaps
        end = b
        tensors[name] = np.frombuffer(data[a:b], dtype="<f4").reshape(info["shape"])
    assert end == len(data)
    return tensors, meta


@pytest.mark.parametrize("compiled", [True, False])
def test_convert_round_trip(tmp_path, compiled):
    ckpt = nanogpt_checkpoint(tmp_path / "ckpt.pt", compiled)
    with np.load(MODEL) as z:
        original = {k: z[k] for k in z.files}

    r = convert(tmp_path / "ckpt.pt", tmp_path / "out.npz")
    assert r.returncode == 0, r.stderr
    with np.load(tmp_path / "out.npz") as z:
        got = {k: z[k] for k in z.files}
    assert set(got) == set(original)
    for k in original:
        assert got[k].dtype == original[k].dtype and np.array_equal(got[k], original[k]), k
    # Byte-identical to the shipped file: the same writer, the same tensors.
    assert open(tmp_path / "out.npz", "rb").read() == open(MODEL, "rb").read()

    r = convert(tmp_path / "ckpt.pt", tmp_path / "out.safetensors")
    assert r.returncode == 0, r.stderr
    tensors, meta = read_safetensors(tmp_path / "out.safetensors")
    assert set(tensors) == set(original) - {"model_args"}
    for k, a in tensors.items():
        assert np.array_equal(a, original[k]), k
    args = ckpt["model_args"]
    assert meta == {"n_layer": str(args["n_layer"]), "n_head": str(args["n_head"]),
                    "n_embd": str(args["n_embd"]), "block_size": str(args["block_size"]),
                    "vocab_size": str(args["vocab_size"]),
                    "bias": "true" if args["bias"] else "false"}
    # And the converted file runs as the original does.
    model, _ = gpt_torch.load_npz(tmp_path / "out.npz")
    ref, _ = gpt_torch.load_npz(MODEL)
    ids = torch.tensor([[1, 2, 3, 4]])
    with torch.no_grad():
        assert torch.equal(model(ids), ref(ids))


def bad_checkpoint(tmp_path, edit):
    ckpt = nanogpt_checkpoint(tmp_path / "ckpt.pt")
    edit(ckpt)
    torch.save(ckpt, tmp_path / "bad.pt")
    return tmp_path / "bad.pt"


def one_line_error(r, *words):
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = r.stderr.strip().split("\n")
    assert len(lines) == 1, r.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_convert_bad_input(tmp_path):
    one_line_error(convert(tmp_path / "nothing.pt", tmp_path / "o.npz"), "no such file")
    (tmp_path / "junk.pt").write_bytes(b"not a checkpoint at all" * 10)
    one_line_error(convert(tmp_path / "junk.pt", tmp_path / "o.npz"), "not a PyTorch checkpoint")
    good = tmp_path / "good.pt"
    nanogpt_checkpoint(good)
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(good.read_bytes()[:2000])
    one_line_error(convert(truncated, tmp_path / "o.npz"), "not a PyTorch checkpoint")
    one_line_error(convert(good, tmp_path / "o.bin"), ".npz or .safetensors")
    one_line_error(convert(good, tmp_path / "no" / "dir" / "o.npz"), "cannot write")

    def drop_model(c):
        del c["model"]
    one_line_error(convert(bad_checkpoint(tmp_path, drop_model), tmp_path / "o.npz"),
                   "no \"model\" entry")

    def bad_arg(c):
        c["model_args"]["n_embd"] = "wide"
    one_line_error(convert(bad_checkpoint(tmp_path, bad_arg), tmp_path / "o.npz"), "n_embd")

    def wrong_shape(c):
        k = "_orig_mod.transformer.h.0.mlp.c_fc.weight"
        c["model"][k] = c["model"][k][:, :-1].clone()
    one_line_error(convert(bad_checkpoint(tmp_path, wrong_shape), tmp_path / "o.npz"),
                   "transformer.h.0.mlp.c_fc.weight", "shape")

    def missing(c):
        del c["model"]["_orig_mod.transformer.ln_f.weight"]
    one_line_error(convert(bad_checkpoint(tmp_path, missing), tmp_path / "o.npz"),
                   "transformer.ln_f.weight", "missing")

    def extra(c):
        c["model"]["_orig_mod.transformer.h.7.attn.c_attn.weight"] = torch.zeros(3, 3)
    one_line_error(convert(bad_checkpoint(tmp_path, extra), tmp_path / "o.npz"),
                   "transformer.h.7.attn.c_attn.weight")

    def untied(c):
        c["model"]["_orig_mod.lm_head.weight"] = c["model"]["_orig_mod.lm_head.weight"] + 1
    one_line_error(convert(bad_checkpoint(tmp_path, untied), tmp_path / "o.npz"), "lm_head.weight")

    def nan(c):
        c["model"]["_orig_mod.transformer.wpe.weight"][0, 0] = float("nan")
    one_line_error(convert(bad_checkpoint(tmp_path, nan), tmp_path / "o.npz"),
                   "transformer.wpe.weight", "NaN")
    assert not (tmp_path / "o.npz").exists()


class _RunsCode:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mknod, (self.marker,))


def test_convert_runs_no_code_from_the_checkpoint(tmp_path):
    ckpt = nanogpt_checkpoint(tmp_path / "ckpt.pt")
    marker = tmp_path / "ran"
    ckpt["config"]["hook"] = _RunsCode(marker)
    torch.save(ckpt, tmp_path / "evil.pt")
    one_line_error(convert(tmp_path / "evil.pt", tmp_path / "o.npz"), "refuses to load", "mknod")
    assert not marker.exists()
