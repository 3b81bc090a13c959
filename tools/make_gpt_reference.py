#!/usr/bin/python3
"""Writes tests/data/gpt/: two tiny GPTs of nanoGPT's architecture, in both of tfviz's weight
formats, and PyTorch's outputs for a fixed prompt, for tests/unit/test_gpt.cpp and
test_model_file.cpp. Run by hand after changing it (needs Debian's python3-torch and numpy, hence
/usr/bin/python3); the output is small and committed. Seeded: the same bytes every run.

The model below is written here for this purpose, independently of tools/gpt_torch.py, so that
the C++ forward pass is checked against a second implementation: karpathy/nanoGPT model.py's
GPT (token and position embeddings; blocks of x + attn(ln_1(x)) then x + mlp(ln_2(x)); causal
self-attention with c_attn split into q, k, v and heads side by side; MLP c_fc, exact GELU,
c_proj; ln_f; lm_head tied to wte; LayerNorm eps 1e-5 with optional bias), with nanoGPT's
state_dict names, including the causal-mask buffer transformer.h.N.attn.bias that nanoGPT keeps
without flash attention.

Files:
  tiny.npz                 bias True, np.savez (stored entries; numpy writes zip64 local headers),
                           with lm_head.weight and the mask buffers, model_args int64[6]
  tiny_compressed.npz      the same tensors, np.savez_compressed (deflate)
  tiny_nobias.safetensors  bias False, written by hand below (F32, model_args in __metadata__)
  tiny_<what>.npy, tiny_nobias_<what>.npy: float64 reference values for the tokens in
                           tiny_tokens.npy, computed by this model in float64 on the float32
                           weights (so the C++ pass, in double, agrees to ~1e-12); the float32
                           PyTorch pass is asserted to agree with them to 1e-5.
"""
import json
import math
import os
import struct
from unittest import mock

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "data", "gpt")

TOKENS = [3, 1, 4, 1, 5, 9, 2, 6]  # a full block of 8


class LayerNorm(nn.Module):
    def __init__(self, n, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.bias = nn.Parameter(torch.zeros(n)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        e, self.n_head = cfg["n_embd"], cfg["n_head"]
        self.c_attn = nn.Linear(e, 3 * e, bias=cfg["bias"])
        self.c_proj = nn.Linear(e, e, bias=cfg["bias"])
        t = cfg["block_size"]
        self.register_buffer("bias", torch.tril(torch.ones(t, t)).view(1, 1, t, t))
        self.trace = {}

    def forward(self, x):
        b, t, e = x.shape
        hs = e // self.n_head
        q, k, v = self.c_attn(x).split(e, dim=2)
        q = q.view(b, t, self.n_head, hs).transpose(1, 2)
        k = k.view(b, t, self.n_head, hs).transpose(1, 2)
        v = v.view(b, t, self.n_head, hs).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(self.bias[:, :, :t, :t] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        self.trace["att"] = att[0]
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, e)
        self.trace["concat"] = y[0]
        return self.c_proj(y)


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        e = cfg["n_embd"]
        self.c_fc = nn.Linear(e, 4 * e, bias=cfg["bias"])
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * e, e, bias=cfg["bias"])

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = LayerNorm(cfg["n_embd"], cfg["bias"])
        self.attn = Attention(cfg)
        self.ln_2 = LayerNorm(cfg["n_embd"], cfg["bias"])
        self.mlp = MLP(cfg)
        self.trace = {}

    def forward(self, x):
        tr = self.trace
        tr["input"] = x[0]
        tr["ln1"] = self.ln_1(x)[0]
        tr["qkv"] = self.attn.c_attn(self.ln_1(x))[0]
        tr["attn_out"] = self.attn(self.ln_1(x))[0]
        x = x + self.attn(self.ln_1(x))
        tr["resid1"] = x[0]
        tr["fc"] = self.mlp.c_fc(self.ln_2(x))[0]
        x = x + self.mlp(self.ln_2(x))
        tr["output"] = x[0]
        return x


class GPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(cfg["vocab_size"], cfg["n_embd"]),
            wpe=nn.Embedding(cfg["block_size"], cfg["n_embd"]),
            h=nn.ModuleList([Block(cfg) for _ in range(cfg["n_layer"])]),
            ln_f=LayerNorm(cfg["n_embd"], cfg["bias"]),
        ))
        self.lm_head = nn.Linear(cfg["n_embd"], cfg["vocab_size"], bias=False)
        self.transformer.wte.weight = self.lm_head.weight  # tied, as nanoGPT

    def forward(self, idx):
        t = idx.shape[1]
        pos = torch.arange(t)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        self.x0 = x[0]
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        self.lnf = x[0]
        return self.lm_head(x)


def make_model(cfg, seed):
    torch.manual_seed(seed)
    model = GPT(cfg)
    # Weights far from nanoGPT's N(0, 0.02) start, so that every stage moves the numbers.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name.endswith("ln_f.weight"):
                p.copy_(1.0 + 0.2 * torch.randn_like(p))
            elif name.endswith(".bias"):
                p.copy_(0.2 * torch.randn_like(p))
            else:
                p.copy_(0.5 * torch.randn_like(p))
    return model


def write_references(model, prefix):
    idx = torch.tensor([TOKENS])
    with torch.no_grad():
        logits32 = model(idx)[0]
        reference = GPT(model.cfg)
        reference.load_state_dict(model.state_dict())
        reference = reference.double()
        logits = reference(idx)[0]
    assert torch.allclose(logits32.double(), logits, atol=1e-5, rtol=0), "float32 drifted"
    probs = F.softmax(logits[-1], dim=-1)
    out = {
        "logits": logits, "probs": probs, "x0": reference.x0, "lnf": reference.lnf,
    }
    for i, block in enumerate(reference.transformer.h):
        for key in ("input", "ln1", "qkv", "attn_out", "resid1", "fc", "output"):
            out[f"b{i}_{key}"] = block.trace[key]
        out[f"b{i}_concat"] = block.attn.trace["concat"]
        for h in range(model.cfg["n_head"]):
            out[f"b{i}_h{h}_weights"] = block.attn.trace["att"][h]
    for key, value in out.items():
        np.save(os.path.join(OUT, f"{prefix}_{key}.npy"), value.detach().numpy().astype(np.float64))


def model_args(cfg):
    return np.array([cfg["n_layer"], cfg["n_head"], cfg["n_embd"], cfg["block_size"],
                     cfg["vocab_size"], int(cfg["bias"])], dtype=np.int64)


def write_safetensors(path, tensors, metadata):
    """The safetensors layout: u64 little-endian header length, the JSON header (padded with
    spaces to a multiple of 8), then the tensors' bytes back to back."""
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, array in tensors.items():
        data = np.ascontiguousarray(array, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    os.makedirs(OUT, exist_ok=True)
    np.save(os.path.join(OUT, "tiny_tokens.npy"), np.array(TOKENS, dtype=np.int64))

    cfg = dict(n_layer=2, n_head=2, n_embd=8, block_size=8, vocab_size=11, bias=True)
    model = make_model(cfg, 1234)
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    assert "lm_head.weight" in state and "transformer.h.0.attn.bias" in state
    # zipfile stamps each entry with the time: a fixed one keeps the files the same every run.
    with mock.patch("time.time", return_value=1767268800.0):
        np.savez(os.path.join(OUT, "tiny.npz"), model_args=model_args(cfg), **state)
        np.savez_compressed(os.path.join(OUT, "tiny_compressed.npz"), model_args=model_args(cfg),
                            **state)
    write_references(model, "tiny")

    cfg = dict(n_layer=2, n_head=2, n_embd=8, block_size=8, vocab_size=11, bias=False)
    model = make_model(cfg, 5678)
    tensors = {k: v.detach().numpy() for k, v in model.state_dict().items()
               if not k.endswith("attn.bias") and k != "lm_head.weight"}
    meta = {k: (("true" if v else "false") if k == "bias" else str(v)) for k, v in cfg.items()}
    meta["format"] = "pt"
    write_safetensors(os.path.join(OUT, "tiny_nobias.safetensors"), tensors, meta)
    write_references(model, "tiny_nobias")


if __name__ == "__main__":
    main()
