#!/usr/bin/python3
"""Converts a nanoGPT checkpoint (ckpt.pt) to a tfviz model file (.npz or .safetensors).

  /usr/bin/python3 tools/convert_nanogpt.py out/ckpt.pt model.npz
  /usr/bin/python3 tools/convert_nanogpt.py out/ckpt.pt model.safetensors
  tfviz model --weights model.npz --tokens 1,2,3

A nanoGPT checkpoint (train.py) is a dict with "model" (the state_dict, with a "_orig_mod." prefix
on every key when the model was torch.compile'd) and "model_args" (n_layer, n_head, n_embd,
block_size, bias, vocab_size, dropout). The output holds every tensor as float32 under its
state_dict name (src/io/model_file.hpp), without the "_orig_mod." prefix, the causal-mask buffers
(*.attn.bias, 1 x 1 x block x block) and lm_head.weight (tied to transformer.wte.weight; it is
checked equal). Every name and shape is checked against model_args before anything is written.

The checkpoint is read by torch.load with an unpickler that builds only tensors and plain data: no
code in it runs. Bad input: one line
on stderr, exit 2. A from-scratch nanoGPT run has a character vocabulary in data/<set>/meta.pkl;
tfviz then reads the prompt as token ids (--tokens).
"""

import argparse
import json
import os
import re
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import gpt_torch  # noqa: E402  (imports torch)
except ImportError as e:
    print(f"convert_nanogpt: needs PyTorch and NumPy (/usr/bin/python3 with python3-torch): {e}",
          file=sys.stderr)
    sys.exit(2)

PREFIX = "_orig_mod."


class ConvertError(Exception):
    pass


def expected_shapes(cfg):
    """nanoGPT's state_dict names and shapes for a configuration (lm_head.weight left out)."""
    C, V, T = cfg["n_embd"], cfg["vocab_size"], cfg["block_size"]
    shapes = {"transformer.wte.weight": (V, C), "transformer.wpe.weight": (T, C)}

    def ln(name):
        shapes[name + ".weight"] = (C,)
        if cfg["bias"]:
            shapes[name + ".bias"] = (C,)

    def linear(name, out_f, in_f):
        shapes[name + ".weight"] = (out_f, in_f)
        if cfg["bias"]:
            shapes[name + ".bias"] = (out_f,)

    for i in range(cfg["n_layer"]):
        h = f"transformer.h.{i}"
        ln(h + ".ln_1")
        linear(h + ".attn.c_attn", 3 * C, C)
        linear(h + ".attn.c_proj", C, C)
        ln(h + ".ln_2")
        linear(h + ".mlp.c_fc", 4 * C, C)
        linear(h + ".mlp.c_proj", C, 4 * C)
    ln("transformer.ln_f")
    return shapes


def read_model_args(ckpt):
    if not isinstance(ckpt, dict):
        raise ConvertError(f"not a nanoGPT checkpoint: a {type(ckpt).__name__}, not a dict")
    for key in ("model", "model_args"):
        if key not in ckpt:
            raise ConvertError(f"not a nanoGPT checkpoint: no \"{key}\" entry "
                               f"(it has: {', '.join(map(str, list(ckpt)[:8]))})")
    args = ckpt["model_args"]
    if not isinstance(args, dict):
        raise ConvertError(f"model_args: a {type(args).__name__}, not a dict")
    cfg = {}
    for key in ("n_layer", "n_head", "n_embd", "block_size", "vocab_size"):
        if key not in args:
            raise ConvertError(f"model_args: {key}: missing")
        v = args[key]
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise ConvertError(f"model_args: {key}: {v!r} is not a positive integer")
        cfg[key] = v
    bias = args.get("bias", True)  # nanoGPT's default
    if not isinstance(bias, bool):
        raise ConvertError(f"model_args: bias: {bias!r} is not true or false")
    cfg["bias"] = bias
    if cfg["n_embd"] % cfg["n_head"]:
        raise ConvertError(f"model_args: n_embd {cfg['n_embd']} is not a multiple of "
                           f"n_head {cfg['n_head']}")
    return cfg


def convert_state(state, cfg):
    """The checked float32 tensors, by clean name (no prefix, no mask buffers, no lm_head)."""
    import torch

    if not isinstance(state, dict):
        raise ConvertError(f"model: a {type(state).__name__}, not a state_dict")
    shapes = expected_shapes(cfg)
    out = {}
    lm_head = None
    for raw, t in state.items():
        name = str(raw)
        if name.startswith(PREFIX):
            name = name[len(PREFIX):]
        if not isinstance(t, torch.Tensor):
            raise ConvertError(f"{name}: a {type(t).__name__}, not a tensor")
        if re.fullmatch(r"transformer\.h\.\d+\.attn\.bias", name) and t.dim() == 4:
            continue  # the causal mask buffer
        if not t.is_floating_point():
            raise ConvertError(f"{name}: dtype {t.dtype}, expected a floating-point tensor")
        a = t.detach().cpu().to(torch.float32).numpy()
        if not np.all(np.isfinite(a)):
            raise ConvertError(f"{name}: holds NaN or infinity")
        if name == "lm_head.weight":
            lm_head = a
            continue
        if name not in shapes:
            raise ConvertError(f"{name}: not a tensor of nanoGPT's GPT with these model_args "
                               f"(n_layer {cfg['n_layer']}, bias {cfg['bias']})")
        if name in out:
            raise ConvertError(f"{name}: given twice (with and without {PREFIX})")
        if tuple(a.shape) != shapes[name]:
            raise ConvertError(f"{name}: shape {list(a.shape)}, expected {list(shapes[name])} "
                               "from model_args")
        out[name] = np.ascontiguousarray(a)
    for name in shapes:
        if name not in out:
            raise ConvertError(f"{name}: missing")
    if lm_head is not None and not np.array_equal(lm_head, out["transformer.wte.weight"]):
        raise ConvertError("lm_head.weight: differs from transformer.wte.weight "
                           "(tfviz needs nanoGPT's tied weights)")
    # In nanoGPT's own order: the order of expected_shapes.
    return {name: out[name] for name in shapes}


def model_args_array(cfg):
    return np.array([int(cfg[k]) for k in gpt_torch.MODEL_ARGS], dtype=np.int64)


def write_safetensors(tensors, cfg, path):
    """The safetensors format: 8-byte little-endian header length, a JSON header (dtype, shape,
    data_offsets per tensor; __metadata__ with model_args as strings), padded with spaces to a
    multiple of 8, then the raw little-endian data."""
    header = {"__metadata__": {k: (("true" if cfg[k] else "false") if k == "bias" else str(cfg[k]))
                               for k in gpt_torch.MODEL_ARGS}}
    offset = 0
    blobs = []
    for name, a in tensors.items():
        data = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


class _SafePickle:
    """A pickle module for torch.load that builds only tensors, storages, dtypes and plain data: it
    refuses every other global, so no code in the checkpoint runs. (torch 1.13's weights_only=True
    would also do, but it refuses floats, and every nanoGPT checkpoint holds some.)"""

    import pickle as _pickle

    class Unpickler(_pickle.Unpickler):
        def find_class(self, module, name):
            import collections
            import torch
            if module == "collections" and name == "OrderedDict":
                return collections.OrderedDict
            if module == "torch._utils" and name in ("_rebuild_tensor", "_rebuild_tensor_v2",
                                                     "_rebuild_parameter"):
                return getattr(torch._utils, name)
            if module == "torch" and (name.endswith("Storage") or name == "device"
                                      or isinstance(getattr(torch, name, None), torch.dtype)):
                return getattr(torch, name)
            raise ConvertError(f"refuses to load {module}.{name} (only tensors and plain data)")

    @classmethod
    def load(cls, f, **kw):
        return cls.Unpickler(f, **kw).load()


def _safe_load(path):
    import zipfile
    import torch
    import torch.serialization as ser
    if not zipfile.is_zipfile(path):
        raise ConvertError("not a PyTorch checkpoint (not a whole zip file, as torch.save writes)")
    # torch 1.13's torch.load ignores pickle_module (it resets it to pickle unless weights_only),
    # so call its zip loader with ours.
    with ser._open_zipfile_reader(path) as zf:
        return ser._load(zf, torch.device("cpu"), _SafePickle, encoding="utf-8")


def convert(ckpt_path, out_path):
    import torch

    if not (out_path.endswith(".npz") or out_path.endswith(".safetensors")):
        raise ConvertError(f"{out_path}: the output name must end in .npz or .safetensors")
    if not os.path.isfile(ckpt_path):
        raise ConvertError(f"{ckpt_path}: no such file")
    try:
        ckpt = _safe_load(ckpt_path)
    except ConvertError as e:
        raise ConvertError(f"{ckpt_path}: {e}")
    except Exception as e:  # a truncated file, not a torch file, or pickled code
        msg = " ".join(str(e).split())[:200]
        raise ConvertError(f"{ckpt_path}: cannot read it as a PyTorch checkpoint "
                           f"({type(e).__name__}: {msg})")
    cfg = read_model_args(ckpt)
    tensors = convert_state(ckpt["model"], cfg)
    try:
        if out_path.endswith(".safetensors"):
            write_safetensors(tensors, cfg, out_path)
        else:
            gpt_torch.write_npz(tensors, model_args_array(cfg), out_path)
    except OSError as e:
        raise ConvertError(f"{out_path}: cannot write it ({e.strerror or e})")
    return cfg, tensors


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Converts a nanoGPT ckpt.pt to a tfviz model file (.npz or .safetensors).")
    ap.add_argument("ckpt", help="nanoGPT checkpoint (out/ckpt.pt)")
    ap.add_argument("output", help="the model file to write: NAME.npz or NAME.safetensors")
    args = ap.parse_args(argv)
    try:
        cfg, tensors = convert(args.ckpt, args.output)
    except ConvertError as e:
        print(f"convert_nanogpt: {e}".replace("\n", " "), file=sys.stderr)
        return 2
    n = sum(a.size for a in tensors.values())
    print(f"{args.output}: {len(tensors)} tensors, {n} parameters, "
          + ", ".join(f"{k} {cfg[k]}" for k in gpt_torch.MODEL_ARGS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
