"""Tensors from the user: NumPy arrays, PyTorch tensors, lists, nn.Linear layers.

Every conversion checks its input and raises ValueError (or TypeError) with one line naming the
argument and what is wrong.
"""

import numpy as np


def _is_torch_tensor(x):
    mod = type(x).__module__ or ""
    return mod.startswith("torch") and hasattr(x, "detach") and hasattr(x, "numpy")


def is_linear(x):
    """Whether x is a torch.nn.Linear (without importing torch)."""
    for cls in type(x).__mro__:
        if cls.__name__ == "Linear" and (cls.__module__ or "").startswith("torch.nn"):
            return True
    return False


def as_matrix(x, name, allow_inf=False):
    """x as a 2-d float64 array: a scalar is 1 x 1, a vector one row. Rejects NaN (and
    infinities unless allow_inf), more than 2 dimensions, empty and non-numeric input."""
    if is_linear(x):
        raise TypeError(f"{name}: got an nn.Linear where a tensor was expected "
                        f"(pass its weight, or use it as a weight of explain_attention)")
    if _is_torch_tensor(x):
        x = x.detach().cpu().double().numpy()
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{name}: not a matrix of numbers ({e})") from None
    if a.ndim == 0:
        a = a.reshape(1, 1)
    elif a.ndim == 1:
        a = a.reshape(1, -1)
    elif a.ndim > 2:
        raise ValueError(f"{name}: expected a vector or a matrix, got {a.ndim} dimensions "
                         f"(shape {tuple(a.shape)})")
    if a.size == 0:
        raise ValueError(f"{name}: is empty (shape {tuple(a.shape)})")
    bad = np.isnan(a) if allow_inf else ~np.isfinite(a)
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        raise ValueError(f"{name}: entry ({i}, {j}) is {a[i, j]}; every entry must be a finite "
                         f"number")
    return np.ascontiguousarray(a)


def linear_weight(layer, name):
    """The weight of an nn.Linear without bias, out_features x in_features (PyTorch's layout:
    the layer computes x @ weight.T)."""
    if getattr(layer, "bias", None) is not None:
        raise ValueError(f"{name}: this nn.Linear has a bias; tfviz explains projections without "
                         f"one (nn.Linear(..., bias=False))")
    return as_matrix(layer.weight, f"{name}.weight")


def shape_text(a):
    return f"{a.shape[0]} × {a.shape[1]}"
