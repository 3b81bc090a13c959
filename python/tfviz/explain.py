"""One-liners for the common case: a matrix product, or one attention head, explained entry by
entry from your own tensors."""

from . import _tfviz
from .section import Section
from .tensors import as_matrix, is_linear, linear_weight, shape_text


class MatmulExplained(Section):
    """a @ b, entry by entry (see explain_matmul)."""

    def __init__(self, a, b, *, labels, roles, tokens, decimals, id, title, linear):
        super().__init__(id=id, title=title)
        self.a, self.b_values = a, b
        self.labels, self.roles, self.tokens, self.decimals = labels, roles, tokens, decimals
        self.linear = linear
        self.result = a @ b

    def construct(self):
        a, b = self.a, self.b_values
        self.caption(f"${_m(self.labels[0])}$ is {shape_text(a)}, ${_m(self.labels[1])}$ is "
                     f"{shape_text(b)}: their product is {shape_text(self.result)}")
        if self.linear:
            self.note("nn.Linear computes $x W^T$: the matrix on the right is its weight, "
                      "transposed.")
        p = self.product(a, b, labels=self.labels, roles=self.roles, tokens=self.tokens,
                         decimals=self.decimals, beat_name="entry")
        self.beat("product done", "Every entry: one row times one column.")
        self.kit.clear([p.lhs, p.times, p.rhs, p.equals], 0.8)
        self.caption(f"${_m(self.labels[2])}$")
        self.kit.lay_out_row([p.result], 560, gap=0, max_width=1200, max_height=560, most=1.6,
                             seconds=1.2)
        self.stop("result", "The whole product.",
                  "Each entry is a dot product: a row on the left with a column on the right.",
                  2.0)


def _m(label):
    return label.replace("$", "")


def explain_matmul(a, b, *, labels=None, roles=("input", "weight", "result"), tokens=None,
                   decimals=None, id="matmul-explained", title="A matrix product, entry by entry"):
    """A section that multiplies a by b entry by entry (tfviz's product stepper): a and b are
    NumPy arrays, torch tensors or lists. b may be a torch.nn.Linear: then PyTorch's convention
    holds and the product is a @ weight.T, as the layer computes it. tokens label a's rows."""
    linear = is_linear(b)
    A = as_matrix(a, "a")
    if linear:
        B = linear_weight(b, "b").T
        labels = labels or ("$x$", "$W^T$", "$x W^T$")
    else:
        B = as_matrix(b, "b")
        labels = labels or ("$A$", "$B$", "$A B$")
    if A.shape[1] != B.shape[0]:
        raise ValueError(f"explain_matmul: a is {shape_text(A)} but b"
                         f"{' (the weight transposed)' if linear else ''} is {shape_text(B)}: a "
                         f"needs as many columns as b has rows")
    if len(labels) != 3:
        raise ValueError("labels are three: (a, b, result)")
    return MatmulExplained(A, B, labels=tuple(labels), roles=tuple(roles), tokens=tokens,
                           decimals=decimals, id=id, title=title, linear=linear)


class AttentionExplained(Section):
    """One attention head on your tensors: the built-in explainer, built by the engine."""

    def __init__(self, x, wq, wk, wv, tokens, scale, causal, temperature, id, source):
        super().__init__(id=id, title="Attention, entry by entry")
        self.x, self.wq, self.wk, self.wv = x, wq, wk, wv
        self.tokens, self.scale, self.causal = tokens, scale, causal
        self.temperature, self.source = temperature, source

    def build(self):
        if self._script is None:
            self._script = _tfviz.attention_section(
                self.x, self.wq, self.wk, self.wv, self.tokens, self.scale, self.causal,
                self.temperature, self.id, self.source)
        return self._script

    @property
    def numbers(self):
        """Every number the section shows, computed by tfviz's engine: queries, keys, values,
        scores, scaled, masked, weights, output (NumPy arrays)."""
        return _tfviz.attention_numbers(self.x, self.wq, self.wk, self.wv, self.scale,
                                        self.causal, self.temperature)


def _weight(w, name):
    """A projection as nn.Linear.weight (out x in): an nn.Linear's own weight (PyTorch's
    convention, x @ weight.T), or a plain matrix W that multiplies directly (x @ W)."""
    if is_linear(w):
        return linear_weight(w, name)
    return as_matrix(w, name).T


def explain_attention(x, w_q, w_k=None, w_v=None, *, tokens=None, scale=True, causal=False,
                      temperature=1.0, id="attention"):
    """A section that computes one attention head entry by entry: queries, scores, scaling,
    the causal mask, the softmax and the weighted sum of values.

    x: the hidden states, one row per token. w_q, w_k, w_v: torch.nn.Linear layers (then
    PyTorch's convention holds: queries = x @ w_q.weight.T) or matrices that multiply directly
    (queries = x @ w_q). w_k and w_v default to w_q, as in the original notebook."""
    X = as_matrix(x, "x")
    source = "PyTorch" if type(x).__module__.startswith("torch") else "Python"
    wq = _weight(w_q, "w_q")
    wk = wq if w_k is None else _weight(w_k, "w_k")
    wv = wq if w_v is None else _weight(w_v, "w_v")
    for name, w in (("w_q", wq), ("w_k", wk), ("w_v", wv)):
        if w.shape[1] != X.shape[1]:
            raise ValueError(f"{name} takes {w.shape[1]} features but x has {X.shape[1]} columns "
                             f"(x is {shape_text(X)})")
    if tokens is not None:
        tokens = [str(t) for t in tokens]
        if len(tokens) != X.shape[0]:
            raise ValueError(f"tokens: {len(tokens)} names for {X.shape[0]} rows of x")
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    s = AttentionExplained(X, wq, wk, wv, tokens or [], bool(scale), bool(causal),
                           float(temperature), id, source)
    s.build()  # any problem with the inputs shows now, not when the section is first used
    return s
