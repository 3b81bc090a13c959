#!/usr/bin/python3
"""Trains the small GPT that tfviz ships (assets/model/), on the tutorial's own toy language.

The language is that of the tutorial's sections 5-8 (Brandon Rohrer's "Transformers from
Scratch"), word-level, every sentence ending with the token "." :
  - "show me my photos|files|directories please"      (s05: photos .5, files .3, directories .2)
  - "check whether the battery ran down please"        (s06: battery .4)
    "check whether the program ran please"             (s06: program .6)
  - "check the battery log and find out whether it ran down please"   (s07-s08)
    "check the program log and find out whether it ran please"
    and variants with other words between the noun and "ran", and with other nouns (phone, laptop
    run down; backup, script just run), so that only looking back from "ran" to the noun decides
    "down" or "please" (the mask s08 sets by hand).

Run with Debian's PyTorch, on the CPU: /usr/bin/python3 tools/train_model.py [--out DIR]
It is seeded and deterministic (the same bytes on every run here); it takes 1-1.5 minutes on one
core of a busy 2-core machine. It writes
  toy_gpt.npz    the weights (nanoGPT state_dict names, model_args; tools/gpt_torch.py)
  vocab.txt      one token per line, line i = token id i
  train_log.txt  seed, configuration, data, the loss every 100 steps, the final checks
  loss.png       the loss curve
and exits 1 if the final checks fail.
"""

import argparse
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gpt_torch  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EOS = "."

SEED = 2  # seeds 1337, 1 and 2 all pass; 2 gives the crispest look-back head
STEPS = 1500
LR = 3e-3
WEIGHT_DECAY = 0.01
CONFIG = dict(n_layer=2, n_head=2, n_embd=32, block_size=16, bias=True)

# Fillers between "the battery"/"the program" and "ran" (the long-range part of the language).
# Each gives a sentence "check the <noun> <filler> ran [down] please".
LONG_FILLERS = [
    "log and find out whether it",   # the article's sentence (s07)
    "log and see whether it",
    "log and find out if it",
    "status and tell me whether it",
    "report and see if it",
]
# Other things that run down or simply run, in the same sentences (less often than the article's
# two). With them, a model cannot answer by spotting "program" alone and guessing "down" when it
# is absent: the head at "ran" has to look back at the noun, whichever it is.
RUNS_DOWN = ["battery", "phone", "laptop"]
RUNS = ["program", "backup", "script"]


def sentences():
    """The language as (weight, sentence) pairs; weights are relative frequencies."""
    out = []
    # s05: the Markov chain, my -> photos .5, files .3, directories .2.
    for noun, p in (("photos", 0.5), ("files", 0.3), ("directories", 0.2)):
        out.append((3.0 * p, f"show me my {noun} please"))
    # s06: battery .4, program .6.
    out.append((2.0 * 0.4, "check whether the battery ran down please"))
    out.append((2.0 * 0.6, "check whether the program ran please"))
    # s07-s08: down or please, equally likely; the article's nouns twice as often as the others.
    for filler in LONG_FILLERS:
        for down, plain in zip(RUNS_DOWN, RUNS):
            w = 1.0 if down == "battery" else 0.5
            out.append((w, f"check the {down} {filler} ran down please"))
            out.append((w, f"check the {plain} {filler} ran please"))
    return [(w, s + " " + EOS) for w, s in out]


def build_vocab(sents):
    words = sorted({w for _, s in sents for w in s.split()})
    return words


def encode(vocab, text):
    index = {w: i for i, w in enumerate(vocab)}
    return [index[w] for w in text.split()]


def make_batches(sents, vocab, block_size):
    """All sentences as padded (x, y) rows, every one starting at position 0; y = -1 is ignored."""
    n = len(sents)
    x = torch.zeros(n, block_size, dtype=torch.long)
    y = torch.full((n, block_size), -1, dtype=torch.long)
    for i, (_, s) in enumerate(sents):
        ids = encode(vocab, s)
        assert len(ids) <= block_size + 1, s
        x[i, :len(ids) - 1] = torch.tensor(ids[:-1])
        y[i, :len(ids) - 1] = torch.tensor(ids[1:])
    w = torch.tensor([w for w, _ in sents], dtype=torch.float64)
    return x, y, w / w.sum()


def next_word(model, vocab, prompt):
    """(probabilities of the next token, attention weights) for a prompt."""
    ids = torch.tensor([encode(vocab, prompt)])
    with torch.no_grad():
        logits, atts = model(ids, return_attn=True)
    return F.softmax(logits[0, -1].double(), dim=-1), atts


def look_back(model, vocab, prompt, word):
    """{(layer, head): attention weight from the last token to `word`} for a prompt."""
    words = prompt.split()
    j = words.index(word)
    _, atts = next_word(model, vocab, prompt)
    return {(layer, head): float(att[0, head, len(words) - 1, j])
            for layer, att in enumerate(atts) for head in range(att.shape[1])}


CHECKS = [
    ("check the battery log and find out whether it ran", "down", "battery"),
    ("check the program log and find out whether it ran", "please", "program"),
    ("check whether the battery ran", "down", "battery"),
    ("check whether the program ran", "please", "program"),
]


def final_checks(model, vocab, log):
    """The facts the shipped model must hold; returns True if they all do."""
    ok = True
    # The head that looks back from "ran" to the noun in both of the article's sentences: the one
    # whose smaller weight of the two is largest.
    w = [look_back(model, vocab, prompt, noun) for prompt, _, noun in CHECKS[:2]]
    layer, head = max(w[0], key=lambda lh: min(w[0][lh], w[1][lh]))
    for prompt, want, noun in CHECKS:
        p, _ = next_word(model, vocab, prompt)
        top = int(torch.argmax(p))
        good = vocab[top] == want and float(p[top]) > 0.9
        ok = ok and good
        lw = look_back(model, vocab, prompt, noun)
        log(f"check: \"{prompt}\" -> \"{vocab[top]}\" p={float(p[top]):.4f} "
            f"(want \"{want}\"{'' if good else ', FAILED'}); "
            f"from \"ran\" to \"{noun}\": "
            + ", ".join(f"layer {l} head {h} {v:.3f}" for (l, h), v in lw.items()))
    weakest = min(w[0][layer, head], w[1][layer, head])
    good = weakest > 0.5
    ok = ok and good
    log(f"check: the look-back head is layer {layer} head {head}: from \"ran\" to \"battery\" "
        f"{w[0][layer, head]:.4f}, to \"program\" {w[1][layer, head]:.4f}"
        f"{'' if good else ' FAILED (want both > 0.5)'}")
    # Every sentence of the language with "ran": the same head looks back to the noun.
    ws = []
    for _, s in sentences():
        words = s.split()
        if "ran" not in words:
            continue
        prompt = " ".join(words[:words.index("ran") + 1])
        noun = words[words.index("the") + 1]
        ws.append(look_back(model, vocab, prompt, noun)[layer, head])
    log(f"check: layer {layer} head {head}, from \"ran\" to the noun, over all {len(ws)} "
        f"sentences with \"ran\": min {min(ws):.4f}, mean {np.mean(ws):.4f}")
    p, _ = next_word(model, vocab, "show me my")
    dist = ", ".join(f"{w} {float(p[vocab.index(w)]):.3f}" for w in ("photos", "files", "directories"))
    log(f"check: \"show me my\" -> {dist} (the data: photos .5, files .3, directories .2)")
    p, _ = next_word(model, vocab, "check whether the")
    log(f"check: \"check whether the\" -> battery {float(p[vocab.index('battery')]):.3f}, "
        f"program {float(p[vocab.index('program')]):.3f} (the data: battery .4, program .6)")
    return ok


def loss_floor(sents):
    """The lowest mean cross-entropy any model can reach on these sentences: where a prefix has
    several continuations, the language itself is uncertain."""
    counts = {}
    for w, s in sents:
        words = s.split()
        for t in range(1, len(words)):
            nxt = counts.setdefault(tuple(words[:t]), {})
            nxt[words[t]] = nxt.get(words[t], 0.0) + w
    total_w = sum(w for w, _ in sents)
    nll, tokens = 0.0, 0.0
    for w, s in sents:
        words = s.split()
        for t in range(1, len(words)):
            nxt = counts[tuple(words[:t])]
            nll -= w / total_w * np.log(nxt[words[t]] / sum(nxt.values()))
            tokens += w / total_w
    return nll / tokens


def plot_loss(steps, losses, floor, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker
    fig, ax = plt.subplots(figsize=(7, 4), dpi=110)
    ax.plot(steps, losses, color="#1DB954", linewidth=1.6, label="training loss")
    ax.axhline(floor, color="#444444", linestyle="--", linewidth=1.0,
               label=f"lowest possible: {floor:.3f} (the language's own uncertainty)")
    ax.legend(loc="upper right")
    ax.set_yscale("log")
    ticks = [t for t in (0.2, 0.3, 0.5, 1, 2, 3, 5) if min(losses) * 0.8 <= t <= max(losses) * 1.2]
    ax.set_yticks(ticks)
    ax.set_yticklabels([f"{t:g}" for t in ticks])
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("training step")
    ax.set_ylabel("cross-entropy loss (nats per word, log scale)")
    ax.set_title("tfviz toy GPT on the tutorial's language (s05-s08)")
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "assets", "model"))
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--steps", type=int, default=STEPS)
    ap.add_argument("--n-layer", type=int, default=CONFIG["n_layer"])
    ap.add_argument("--n-embd", type=int, default=CONFIG["n_embd"])
    ap.add_argument("--threads", type=int, default=1,
                    help="CPU threads (default 1: the model is tiny, and a second thread only "
                    "slows it down when the machine is busy)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.use_deterministic_algorithms(True)

    os.makedirs(args.out, exist_ok=True)
    lines = []

    def log(s):
        print(s, flush=True)
        lines.append(s)

    sents = sentences()
    vocab = build_vocab(sents)
    config = gpt_torch.GPTConfig(vocab_size=len(vocab),
                                 **dict(CONFIG, n_layer=args.n_layer, n_embd=args.n_embd))
    x, y, probs = make_batches(sents, vocab, config.block_size)

    log("tfviz toy GPT: tools/train_model.py")
    log(f"torch {torch.__version__}, CPU, {args.threads} thread(s), deterministic")
    log(f"seed {args.seed}")
    log("config " + " ".join(f"{k}={v}" for k, v in gpt_torch.config_dict(config).items()))
    log(f"training: {args.steps} steps, full batch (all {len(sents)} sentences, each word weighted "
        "by its sentence's frequency), "
        f"AdamW lr {LR} (cosine to {LR / 10:g}), betas 0.9 0.99, weight decay {WEIGHT_DECAY} "
        "on matrices, gradient clip 1.0")
    log(f"vocab ({len(vocab)}): {' '.join(vocab)}")
    log(f"sentences ({len(sents)}), relative frequency:")
    for w, s in zip(probs.tolist(), (s for _, s in sents)):
        log(f"  {w:.4f}  {s}")

    model = gpt_torch.GPT(config)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"parameters: {n_params}")
    floor = loss_floor(sents)
    log(f"lowest possible loss (the entropy of the language's choices): {floor:.4f}")
    # As nanoGPT: weight decay on the matrices (2-D), none on biases and LayerNorm gains.
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": WEIGHT_DECAY},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=LR, betas=(0.9, 0.99))
    # Full batch: every sentence in every step, each token weighted by its sentence's frequency,
    # so the loss is exactly the expected cross-entropy per word of the language.
    token_w = probs.float()[:, None] * (y >= 0).float()
    token_w = token_w / token_w.sum()
    steps, losses = [], []
    t0 = time.time()
    model.train()
    for step in range(args.steps + 1):
        lr = LR / 10 + (LR - LR / 10) * 0.5 * (1 + np.cos(np.pi * step / args.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        logits = model(x)
        loss = (F.cross_entropy(logits.transpose(1, 2), y, ignore_index=-1, reduction="none")
                * token_w).sum()
        if step % 5 == 0:
            steps.append(step)
            losses.append(float(loss))
        if step % 100 == 0:
            log(f"step {step:5d} loss {float(loss):.4f} lr {lr:.5f}")
        if step == args.steps:
            break
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    model.eval()
    log(f"trained in {time.time() - t0:.1f} s")

    ok = final_checks(model, vocab, log)
    log("final checks: " + ("all hold" if ok else "FAILED"))

    npz = os.path.join(args.out, "toy_gpt.npz")
    gpt_torch.save_npz(model, config, npz)
    with open(os.path.join(args.out, "vocab.txt"), "w") as f:
        f.write("".join(w + "\n" for w in vocab))
    # Read back what was written and check it gives the same answers.
    back, _ = gpt_torch.load_npz(npz)
    ids = torch.tensor([encode(vocab, CHECKS[0][0])])
    with torch.no_grad():
        same = torch.equal(back(ids), model(ids))
    log(f"wrote {os.path.relpath(npz, ROOT)} ({os.path.getsize(npz)} bytes); reloaded gives the same logits: {same}")
    ok = ok and same
    with open(os.path.join(args.out, "train_log.txt"), "w") as f:
        f.write("".join(s + "\n" for s in lines))
    plot_loss(steps, losses, floor, os.path.join(args.out, "loss.png"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
