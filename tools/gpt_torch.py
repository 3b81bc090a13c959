"""nanoGPT's GPT in PyTorch, with nanoGPT's state_dict names, and tfviz's .npz model files.

The architecture of karpathy/nanoGPT model.py, written here again so that tfviz needs neither
nanoGPT nor a GPU: token and position embeddings; blocks of x + attn(ln_1(x)) then
x + mlp(ln_2(x)); causal multi-head self-attention with c_attn (q, k, v in one Linear, split in
that order, heads side by side) and c_proj; an MLP of c_fc, exact GELU (nn.GELU()), c_proj; ln_f;
lm_head tied to the token embedding. LayerNorm with eps 1e-5, with or without bias. No dropout
(tfviz only runs inference and trains tiny models).

The parameter names are nanoGPT's state_dict keys (transformer.wte.weight,
transformer.h.0.attn.c_attn.weight, ..., lm_head.weight). nanoGPT without flash attention also
keeps a causal-mask buffer transformer.h.N.attn.bias; here it is not persistent, so it is not in
the state_dict.

The file format (src/io/model_file.hpp): a zip of .npy files, one per tensor named "<key>.npy",
float32, and model_args.npy = int64 [n_layer, n_head, n_embd, block_size, vocab_size, bias].
lm_head.weight is left out (it is transformer.wte.weight).

Used by tools/train_model.py, tools/convert_nanogpt.py and tests/python/test_model_assets.py.
"""

import io
import math
import zipfile
from dataclasses import dataclass, asdict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# The order of model_args.npy.
MODEL_ARGS = ("n_layer", "n_head", "n_embd", "block_size", "vocab_size", "bias")


@dataclass
class GPTConfig:
    n_layer: int = 2
    n_head: int = 2
    n_embd: int = 32
    block_size: int = 16
    vocab_size: int = 32
    bias: bool = True

    def as_array(self):
        return np.array([int(getattr(self, k)) for k in MODEL_ARGS], dtype=np.int64)

    @classmethod
    def from_array(cls, a):
        a = [int(v) for v in np.asarray(a).reshape(-1)]
        if len(a) != len(MODEL_ARGS):
            raise ValueError(f"model_args has {len(a)} values, expected {len(MODEL_ARGS)}")
        kw = dict(zip(MODEL_ARGS, a))
        kw["bias"] = bool(kw["bias"])
        return cls(**kw)


class LayerNorm(nn.Module):
    """LayerNorm with an optional bias (nanoGPT's; PyTorch's nn.LayerNorm always has one)."""

    def __init__(self, ndim, bias):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(ndim))
        self.bias = nn.Parameter(torch.zeros(ndim)) if bias else None

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, 1e-5)


class CausalSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        mask = torch.tril(torch.ones(config.block_size, config.block_size))
        self.register_buffer("bias", mask.view(1, 1, config.block_size, config.block_size),
                             persistent=False)

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        hs = C // self.n_head
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)  # B, nh, T, hs
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = att @ v  # B, nh, T, hs
        y = y.transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y), att


class MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.gelu = nn.GELU()  # exact (erf), as nanoGPT
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = LayerNorm(config.n_embd, bias=config.bias)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = LayerNorm(config.n_embd, bias=config.bias)
        self.mlp = MLP(config)

    def forward(self, x):
        a, att = self.attn(self.ln_1(x))
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, att


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=LayerNorm(config.n_embd, bias=config.bias),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight  # tied, as nanoGPT
        # nanoGPT's initialisation.
        self.apply(self._init_weights)
        for pn, p in self.named_parameters():
            if pn.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, return_attn=False):
        """Logits for every position (B, T, vocab); with return_attn also the attention weights,
        one (B, n_head, T, T) tensor per block."""
        B, T = idx.size()
        if T > self.config.block_size:
            raise ValueError(f"{T} tokens, but block_size is {self.config.block_size}")
        pos = torch.arange(0, T, dtype=torch.long, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        atts = []
        for block in self.transformer.h:
            x, att = block(x)
            atts.append(att)
        x = self.transformer.ln_f(x)
        logits = self.lm_head(x)
        return (logits, atts) if return_attn else logits


def tensors_of(model):
    """The model's tensors as float32 numpy arrays, by nanoGPT state_dict key, without the tied
    lm_head.weight."""
    out = {}
    for key, t in model.state_dict().items():
        if key == "lm_head.weight":
            continue
        out[key] = t.detach().cpu().to(torch.float32).numpy()
    return out


def write_npz(tensors, model_args, path):
    """Writes a tfviz .npz: what np.savez(path, **tensors, model_args=...) writes (entries
    "<key>.npy", stored), but with a fixed timestamp and sorted names so that the same weights give
    the same bytes."""
    entries = dict(tensors)
    entries["model_args"] = np.asarray(model_args, dtype=np.int64)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for key in sorted(entries):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(entries[key]), allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue())


def save_npz(model, config, path):
    """Writes the model's weights (float32, nanoGPT names, lm_head left out) and model_args."""
    if not isinstance(config, GPTConfig):
        config = GPTConfig(**{k: config[k] for k in MODEL_ARGS})
    write_npz(tensors_of(model), config.as_array(), path)


def load_npz(path):
    """Reads a tfviz .npz into a GPT (eval mode). Returns (model, config). Every tensor the model
    needs must be there with the right shape; lm_head.weight, when present, must equal
    transformer.wte.weight; causal-mask buffers (*.attn.bias of shape 1 x 1 x T x T) are ignored."""
    with np.load(path, allow_pickle=False) as z:
        if "model_args" not in z.files:
            raise ValueError(f"{path}: model_args: missing")
        config = GPTConfig.from_array(z["model_args"])
        arrays = {k: z[k] for k in z.files if k != "model_args"}
    model = GPT(config)
    expected = model.state_dict()
    state = {}
    for key, a in arrays.items():
        if key.startswith("_orig_mod."):
            key = key[len("_orig_mod."):]
        if key.endswith(".attn.bias") and a.ndim == 4:
            continue
        if key not in expected:
            raise ValueError(f"{path}: {key}: not a tensor of this model")
        if tuple(a.shape) != tuple(expected[key].shape):
            raise ValueError(f"{path}: {key}: shape {tuple(a.shape)}, "
                             f"expected {tuple(expected[key].shape)}")
        state[key] = torch.from_numpy(np.asarray(a, dtype=np.float32))
    if "lm_head.weight" in state:
        if "transformer.wte.weight" in state and not torch.equal(
                state["lm_head.weight"], state["transformer.wte.weight"]):
            raise ValueError(f"{path}: lm_head.weight: differs from transformer.wte.weight")
    elif "transformer.wte.weight" in state:
        state["lm_head.weight"] = state["transformer.wte.weight"]
    missing = [k for k in expected if k not in state]
    if missing:
        raise ValueError(f"{path}: {missing[0]}: missing")
    model.load_state_dict(state)
    model.eval()
    return model, config


def config_dict(config):
    return asdict(config)
