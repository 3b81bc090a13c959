"""explain_attention: PyTorch's nn.Linear convention (x @ weight.T), checked against PyTorch's own
output, and the errors of bad inputs."""

import numpy as np
import pytest

import tfviz

torch = pytest.importorskip("torch")


def linear(weight):
    layer = torch.nn.Linear(weight.shape[1], weight.shape[0], bias=False)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(weight, dtype=torch.float32))
    return layer


def test_nn_linear_weights_follow_pytorch():
    torch.manual_seed(0)
    x = torch.randn(4, 3)
    # Not symmetric, not square: x @ W and x @ W.T differ (and the second does not even fit).
    wq = linear(np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]]))
    wk = linear(np.array([[0.5, 0.0, 1.0], [2.0, 1.0, -1.0]]))
    wv = linear(np.array([[1.0, 1.0, 1.0], [0.0, 2.0, 0.0], [3.0, 0.0, -2.0]]))
    s = tfviz.explain_attention(x, wq, wk, wv, tokens=["the", "cat", "sat", "down"], causal=True)
    n = s.numbers
    with torch.no_grad():
        q, k, v = wq(x), wk(x), wv(x)
        scores = q @ k.T
        scaled = scores / np.sqrt(2)
        mask = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
        weights = torch.softmax(scaled.masked_fill(mask, float("-inf")), dim=-1)
        out = weights @ v
    for name, want in [("queries", q), ("keys", k), ("values", v), ("scores", scores),
                       ("weights", weights), ("output", out)]:
        assert np.allclose(n[name], want.numpy(), atol=1e-5), name
    # The section shows the tokens as row and column labels and its beats step through every
    # entry of the queries and of the scores.
    labels = [b[1] for b in s.beats]
    assert "queries (3, 1)" in labels and "score (3, 3)" in labels
    assert s.frame(s.beat_time("queries (3, 1)"), (480, 270)).mean() > 5


def test_plain_matrices_multiply_directly():
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    s = tfviz.explain_attention(x, w)
    assert np.allclose(s.numbers["queries"], x @ w)  # not x @ w.T
    s2 = tfviz.explain_attention(torch.tensor(x), linear(w.T))
    assert np.allclose(s2.numbers["queries"], x @ w)


def test_one_shared_layer_set_as_weight_data_transposed():
    # As the original notebook does: one layer for queries, keys and values, w.weight.data =
    # weights.T, so the layer multiplies by `weights`.
    hidden = torch.tensor([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]])
    weights = torch.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
    w = torch.nn.Linear(3, 3, bias=False)
    w.weight.data = weights.T
    s = tfviz.explain_attention(hidden, w)
    with torch.no_grad():
        q = w(hidden)
    assert np.allclose(s.numbers["queries"], q.numpy())
    assert np.allclose(s.numbers["scores"], (q @ q.T).numpy())


@pytest.mark.parametrize("call, match", [
    (lambda: tfviz.explain_attention(np.ones((2, 3)), np.ones((2, 2))),
     "w_q takes 2 features but x has 3 columns"),
    (lambda: tfviz.explain_attention(np.ones((2, 2)), torch.nn.Linear(2, 2)), "has a bias"),
    (lambda: tfviz.explain_attention(np.array([[1, np.nan]]), np.eye(2)),
     r"x: entry \(0, 1\) is nan"),
    (lambda: tfviz.explain_attention(np.ones((2, 2)), np.eye(2), tokens=["a"]),
     "1 names for 2 rows"),
    (lambda: tfviz.explain_attention(np.ones((2, 2)), np.eye(2), temperature=0),
     "temperature must be > 0"),
    (lambda: tfviz.explain_attention(np.ones((9, 2)), np.eye(2)), "at most 8"),
    (lambda: tfviz.explain_attention(np.ones((2, 2)), np.eye(2), np.ones((3, 3))),
     "w_k takes 3 features but x has 2 columns"),
    (lambda: tfviz.explain_matmul(np.ones((2, 3)), torch.nn.Linear(2, 2, bias=False)),
     r"a is 2 × 3 but b \(the weight transposed\) is 2 × 2"),
    (lambda: tfviz.explain_matmul(torch.nn.Linear(2, 2), np.eye(2)), "got an nn.Linear where"),
])
def test_bad_inputs_raise(call, match):
    with pytest.raises(ValueError if "nn.Linear where" not in match else (ValueError, TypeError),
                       match=match):
        call()
