"""Attention, entry by entry: one attention head computed in front of you, number by number.

The section opens with its inputs (the prompt's tokens, the token table, the shared weight matrix
W and d_k). Each token of the prompt picks its row of the token table, which gives the hidden
states; then queries = hidden_states @ W_q.T and the scores queries @ keys.T are worked out one
entry at a time with their real products, and the score map's diagonal is outlined. Beyond the
notebook, the scores are divided by sqrt(d_k), masked when the causal mask is on, turned into
attention weights by a softmax of each row, and output = attention weights @ values is worked out
entry by entry. Every token-by-token matrix labels its rows with the query tokens and its columns
with the key tokens, and colours its cells on a heat scale that a legend beside it reads.

This is the Python twin of tfviz's built-in explainer (section "matmul",
src/scene/sections/matmul.cpp): the same kit and builder calls in the same order, so with the
notebook's inputs it draws the very same frames (tests/python/test_attention_twin.py checks that
pixel for pixel). Every number comes from the engine (tfviz._tfviz.attention_numbers), none is
computed here. Its inputs and options are constructor arguments, so the same class explains other
prompts, your own hidden states and weights, the causal mask and other temperatures:

    tfviz --scene examples/scenes/attention.py
    AttentionExplainer(prompt="0123", causal=True, temperature=0.5).still("softmax row 0", "a.png")
"""

import math

import numpy as np

import tfviz
from tfviz import _tfviz

K = _tfviz.layout
P = tfviz.PALETTE

STEP_DOT = " · "
DIVIDE = "÷"
ARROW = "→"
MASK_OP = "+ mask ="
TIMES = "×"

OP_SIZE = K.SIGN_SIZE  # the size of the operators written between matrices
SOFTMAX_SIZE = 48
LEGEND_STEPS = 9

# The engine lays out in single precision: the plan's arithmetic is done in float32 too, so that
# every comparison falls the same way as in the C++ explainer.
f32 = np.float32
COMFORTABLE = f32(0.7)  # labels of 40 px stay >= 28 px down to this scale
LEGIBLE = (f32(K.MIN_TEXT_SIZE) + f32(0.5)) / f32(K.MATRIX_FONT)

# Which of a matrix's headers carry the token names.
TOKENS_NONE, TOKENS_ROWS, TOKENS_COLS, TOKENS_BOTH = 0, 1, 2, 3


def same_matrix(a, b):
    return a.shape == b.shape and bool(np.array_equal(a, b))


class AttentionExplainer(tfviz.Section):
    """One attention head, step by step, on the notebook's inputs or on yours.

    prompt: digits, each one a token id into token_table (one row per id). wq, wk, wv: the
    projections as nn.Linear weights (out x in); by default the notebook's one shared W.
    hidden: hidden states to start from instead of the token lookup (tokens then names their
    rows, source says where they came from). scale: divide the scores by sqrt(d_k); causal: add
    the causal mask; temperature: the softmax's."""

    id = "matmul-py"
    title = "Attention, entry by entry"
    auto_title = False  # intro() writes the title, as the built-in explainer does

    def __init__(self, prompt=None, token_table=None, wq=None, wk=None, wv=None, hidden=None,
                 tokens=None, scale=True, causal=False, temperature=1.0, source="", id=None):
        super().__init__(id=id)
        notebook = _tfviz.notebook_inputs()
        self.prompt = notebook["prompt"] if prompt is None else str(prompt)
        self.token_table = np.asarray(
            notebook["token_table"] if token_table is None else token_table, dtype=float)
        self.wq = np.asarray(notebook["wq"] if wq is None else wq, dtype=float)
        self.wk = self.wq if wk is None else np.asarray(wk, dtype=float)
        self.wv = self.wq if wv is None else np.asarray(wv, dtype=float)
        self.hidden_in = None if hidden is None else np.asarray(hidden, dtype=float)
        self.token_labels = [str(t) for t in tokens] if tokens is not None else []
        self.scale, self.causal = bool(scale), bool(causal)
        self.temperature = float(temperature)
        self.source = source
        # Every number the section shows, computed by the engine.
        self.n = _tfviz.attention_numbers(self.hidden_in, self.wq, self.wk, self.wv, self.scale,
                                          self.causal, self.temperature, self.prompt,
                                          self.token_table)

    # -- the section --------------------------------------------------------------------------
    def construct(self):
        n = self.n
        self.score_heat = tfviz.HeatScale.diverging(n["scores"])
        self.scaled_heat = tfviz.HeatScale.diverging(n["scaled"])
        self.weight_heat = tfviz.HeatScale.sequential(0, 1)
        rows = n["hidden"].shape[0]
        given = self.hidden_in is not None
        named = given and len(self.token_labels) == rows
        self.tokens = [f'"{self.token_labels[i]}"' if named else f"t{i}" if given
                       else f'"{self.prompt[i]}"' for i in range(rows)]
        self.step = 4
        self.legend = None
        self.plan()

        self.intro()
        if given:
            self.show_given_hidden()
        else:
            self.look_up_tokens()
        self.queries = self.product_step(
            self.hidden, n["hidden"],
            caption="Step 2 · Queries: the hidden states times $W_q^T$",
            code="queries = hidden_states @ W_q.T", rhs=n["wqT"], rhs_style=self.wqT_style(),
            result=n["queries"], result_style=self.queries_style(),
            note="nn.Linear multiplies by its weight transposed: the matrix on the right is "
                 "$W_q^T$.",
            beat_name="queries")
        self.attention = self.product_step(
            self.queries, n["queries"],
            caption="Step 3 · Scores: the queries times $K^T$, the keys transposed",
            code="attention_map = queries @ keys.T", rhs=n["keysT"],
            rhs_style=self.keysT_style(), result=n["attention"],
            result_style=self.attention_style(),
            note=("The notebook gives keys the same weights as queries, so $K^T$ is the queries "
                  "transposed." if same_matrix(n["wk"], n["wq"])
                  else "The keys are computed just like the queries, with $W_k^T$."),
            beat_name="score")
        self.final_map()
        self.scale_step()
        self.mask_step()
        self.softmax_step()
        self.weighted_sum_step()

    # -- styles: every matrix in the section's style, formats chosen from its values ------------
    def style(self, label="", color=P["text"], fmt=None):
        return tfviz.MatrixStyle(font_size=K.MATRIX_FONT, label=label, label_size=self.label_size,
                                 color=color,
                                 format=fmt if fmt is not None else tfviz.NumberFormat(0),
                                 header_size=self.label_size)

    def named(self, label, color, fmt, tokens):
        if not isinstance(fmt, tfviz.NumberFormat):
            fmt = tfviz.choose_format(fmt)
        s = self.style(label, color, fmt)
        if tokens & TOKENS_ROWS:
            s.row_labels = self.tokens
        if tokens & TOKENS_COLS:
            s.col_labels = self.tokens
        return s

    def hidden_style(self):
        return self.named("hidden_states", P["input"], self.n["hidden"], TOKENS_ROWS)

    def wqT_style(self):
        return self.named("$W_q^T$", P["weight"], self.n["wqT"], TOKENS_NONE)

    def wkT_style(self):
        return self.named("$W_k^T$", P["weight"], self.n["wkT"], TOKENS_NONE)

    def wvT_style(self):
        return self.named("$W_v^T$", P["weight"], self.n["wvT"], TOKENS_NONE)

    def queries_style(self):
        return self.named("queries", P["query"], self.n["queries"], TOKENS_ROWS)

    def keysT_style(self):
        return self.named("$K^T$", P["key"], self.n["keysT"], TOKENS_COLS)

    def attention_style(self):
        return self.named("attention_map", P["score"], self.n["scores"], TOKENS_BOTH)

    def scaled_style(self):
        return self.named("scaled scores", P["scaled_score"], self.scaled_format, TOKENS_BOTH)

    def mask_style(self):
        return self.named("causal mask", P["note"], tfviz.NumberFormat(0), TOKENS_BOTH)

    def masked_style(self):
        return self.named("masked scores", P["masked_score"], self.scores_format, TOKENS_BOTH)

    def weights_style(self):
        return self.named("attention weights", P["attention_weight"], self.weights_format,
                          TOKENS_BOTH)

    def values_style(self):
        return self.named("values", P["value"], self.n["values"], TOKENS_ROWS)

    def output_style(self):
        return self.named("output", P["output"], self.output_format, TOKENS_ROWS)

    def token_ids(self):
        """The prompt as a row of token ids."""
        return np.array([self.n["tokens"]], dtype=float)

    def prompt_style(self):
        return self.style(f'prompt "{self.prompt}"', P["input"])

    def table_style(self):
        s = self.style("token table", P["input"], tfviz.choose_format(self.token_table))
        s.row_labels = tfviz.numbered("", self.token_table.shape[0])
        # The table is shown scaled down to fit its rows: larger labels stay legible.
        s.label_size = s.header_size = max(self.label_size, 44.0)
        return s

    def shared_w(self):
        """The notebook's one W for queries, keys and values (else W_q^T alone)."""
        n = self.n
        return same_matrix(n["wq"], n["wk"]) and same_matrix(n["wq"], n["wv"])

    def shared_w_style(self):
        s = self.wqT_style()
        if self.shared_w():
            s.label = "$W = W_q^T = W_k^T = W_v^T$"
        return s

    def dk_text(self):
        return f"$d_k = {self.n['dk']}$"

    # The operators written between matrices.
    def divide_text(self):
        return f"$\\div \\sqrt{{{self.n['dk']}}}$"

    def temperature_text(self):
        return tfviz.format_number(self.temperature, tfviz.NumberFormat(2))

    def softmax_text(self):
        if self.temperature != 1.0:
            return f"softmax(x {DIVIDE} {self.temperature_text()}) {ARROW}"
        return f"softmax {ARROW}"

    # -- heat legends -------------------------------------------------------------------------
    def legend_label_size(self):
        return max(self.label_size, K.MIN_TEXT_SIZE)

    def legend_size(self, heat, fmt):
        return self.kit.heat_legend_size(heat, fmt, K.MATRIX_FONT, self.legend_label_size(),
                                         LEGEND_STEPS)

    def score_legend_format(self):
        return tfviz.choose_format(self.n["scores"])

    def scaled_legend_format(self):
        return self.scaled_format if self.scale else self.score_legend_format()

    def add_legend(self, heat, fmt, name):
        return self.kit.heat_legend(heat, fmt, K.MATRIX_FONT, self.legend_label_size(), name,
                                    LEGEND_STEPS)

    # -- planning: how wide each row will be, before anything is added -------------------------
    # Large inputs shrink the rows; the labels then grow so that they stay legible, the weights
    # fall back to 2 decimals and the mask takes two rows instead of one.
    def size(self, values, st, result=False):
        return self.kit.matrix_size(values, st, result)

    def sign_size(self, s, size=OP_SIZE):
        return self.kit.text_size(s, size)

    def product_fit(self, a, sa, b, sb, c, sc):
        return self.kit.product_fit(self.size(a, sa), self.size(b, sb), self.size(c, sc, True))

    def softmax_fit(self):
        n = self.n
        return tfviz.fit_row([self.size(n["masked"], self.masked_style()),
                              self.sign_size(self.softmax_text(), SOFTMAX_SIZE),
                              self.size(n["weights"], self.weights_style(), True),
                              self.legend_size(self.weight_heat, tfviz.NumberFormat(0))])

    def mask_full_fit(self):
        n = self.n
        return tfviz.fit_row([self.size(n["scaled"], self.scaled_style()), self.sign_size("+"),
                              self.size(n["mask"], self.mask_style()), self.sign_size("="),
                              self.size(n["masked"], self.masked_style(), True),
                              self.legend_size(self.scaled_heat, self.scaled_legend_format())])

    def mask_split_fit(self):
        n = self.n
        scaled = self.size(n["scaled"], self.scaled_style())
        return min(
            tfviz.fit_row([scaled, self.sign_size("+"), self.size(n["mask"], self.mask_style())]),
            tfviz.fit_row([scaled, self.sign_size(MASK_OP, SOFTMAX_SIZE),
                           self.size(n["masked"], self.masked_style(), True),
                           self.legend_size(self.scaled_heat, self.scaled_legend_format())]))

    def intro_fit(self):
        """The opening row: the inputs side by side."""
        n = self.n
        if self.hidden_in is not None:
            sizes = [self.size(n["hidden"], self.hidden_style())]
        else:
            sizes = [self.size(self.token_ids(), self.prompt_style()),
                     self.size(self.token_table, self.table_style())]
        sizes.append(self.size(n["wqT"], self.shared_w_style()))
        if not self.shared_w():
            sizes += [self.size(n["wkT"], self.wkT_style()), self.size(n["wvT"], self.wvT_style())]
        sizes.append(self.sign_size(self.dk_text()))
        return tfviz.fit_row(sizes)

    def plan(self):
        n = self.n
        # Integer scores and values (the notebook's) give 2 decimals after scaling and weighting;
        # scores and values that already have decimals keep all 4.
        scaled_decimals = 4 if tfviz.choose_format(n["scores"]).decimals > 0 else 2
        output_decimals = 4 if tfviz.choose_format(n["values"]).decimals > 0 else 2
        self.label_size = 40.0
        self.scaled_format = tfviz.choose_format(n["scaled"], scaled_decimals)
        self.scores_format = (self.scaled_format if self.scale
                              else tfviz.choose_format(n["scores"]))
        self.output_format = tfviz.choose_format(n["output"], output_decimals)
        self.weights_format = tfviz.NumberFormat(0)
        self.mask_in_one_row = True
        for _ in range(3):
            need = min(
                self.intro_fit(),
                self.product_fit(n["hidden"], self.hidden_style(), n["wqT"], self.wqT_style(),
                                 n["queries"], self.queries_style()),
                self.product_fit(n["queries"], self.queries_style(), n["keysT"],
                                 self.keysT_style(), n["scores"], self.attention_style()),
                self.product_fit(n["hidden"], self.hidden_style(), n["wvT"], self.wvT_style(),
                                 n["values"], self.values_style()))
            if self.scale:
                need = min(need, tfviz.fit_row([
                    self.size(n["scores"], self.attention_style()),
                    self.sign_size(self.divide_text()), self.sign_size("="),
                    self.size(n["scaled"], self.scaled_style(), True),
                    self.legend_size(self.scaled_heat, self.scaled_legend_format())]))
            # Fewer decimals when the softmax row would be cramped.
            self.weights_format = tfviz.NumberFormat(4)
            if self.scale:
                self.scaled_format = tfviz.choose_format(n["scaled"], scaled_decimals)
                self.scores_format = self.scaled_format
            if self.softmax_fit() < min(COMFORTABLE, need):
                self.weights_format = tfviz.NumberFormat(2)
            if self.softmax_fit() < LEGIBLE and self.scale:
                self.scaled_format = tfviz.choose_format(n["scaled"], scaled_decimals // 2)
                self.scores_format = self.scaled_format
            need = min(need, self.softmax_fit())
            need = min(need, self.product_fit(n["weights"], self.weights_style(), n["values"],
                                              self.values_style(), n["output"],
                                              self.output_style()))
            if self.causal:
                self.mask_in_one_row = self.mask_full_fit() >= min(COMFORTABLE, need)
                need = min(need, self.mask_full_fit() if self.mask_in_one_row
                           else self.mask_split_fit())
            size = (f32(K.MIN_TEXT_SIZE) + f32(0.5)) / f32(need)
            self.label_size = float(min(max(size, f32(40)), f32(60)))

    # -- the opening: what goes in, before anything is multiplied ------------------------------
    def intro(self):
        n, kit = self.n, self.kit
        kit.title("Attention, entry by entry")
        kit.caption("The inputs, from the notebook")
        # The inputs, one group at a time (the weight matrices together), each with its note:
        # (items, beat label, note).
        inputs = []
        if self.hidden_in is not None:
            self.hidden = kit.matrix(n["hidden"], self.hidden_style())
            inputs.append(([self.hidden], "inputs: hidden states",
                           f"Your hidden states: one row per token, {self.tokens[0]} to "
                           f"{self.tokens[-1]}."))
        else:
            self.prompt_item = kit.matrix(self.token_ids(), self.prompt_style())
            self.table = kit.matrix(self.token_table, self.table_style())
            inputs.append(([self.prompt_item], "inputs: prompt",
                           f'The prompt "{self.prompt}": each digit is one token.'))
            inputs.append(([self.table], "inputs: token table",
                           f"The token table: one row of {n['hidden'].shape[1]} numbers (an "
                           f"embedding) for each token id."))
        if self.shared_w():
            inputs.append(([kit.matrix(n["wqT"], self.shared_w_style())], "inputs: shared W",
                           "One weight matrix, shared: queries, keys and values all multiply "
                           "by W."))
        else:
            weights = [kit.matrix(n["wqT"], self.wqT_style()),
                       kit.matrix(n["wkT"], self.wkT_style()),
                       kit.matrix(n["wvT"], self.wvT_style())]
            inputs.append((weights, "inputs: weights",
                           "Three weight matrices: one each for queries, keys and values."))
        inputs.append(([kit.text(self.dk_text(), OP_SIZE, (0, 560))], "inputs: d_k",
                       self.dk_text() + ": the length of every query and key (the columns of "
                       "$W_q^T$)."))
        self.weights_and_dk = list(inputs[-2][0]) + [inputs[-1][0][0]]
        kit.lay_out_row([item for items, _, _ in inputs for item in items], 560)
        for items, label, note in inputs:
            kit.show(items, 1.0, 0.3)
            kit.stop(label, note, note, 0.6)

    # -- Step 1: each token of the prompt picks its row of the table ----------------------------
    def look_up_tokens(self):
        n, kit, b = self.n, self.kit, self.b
        kit.caption(f'Step 1 · Look up each token of the prompt "{self.prompt}"')
        kit.clear(self.weights_and_dk, 0.5)
        self.hidden = kit.matrix(n["hidden"], self.hidden_style(), True)
        kit.lay_out_row([self.prompt_item, self.table, self.hidden], 560, gap=90)
        b.play(_tfviz.fade_in(self.hidden), 0.8)
        kit.stop("lookup",
                 "Each token of the prompt picks its row of the table. Next: the first token.",
                 "Token $i$'s row of the table becomes row $i$ of hidden_states.", 0)

        table_fit = b.state(self.table).scale
        box = token_box = None
        for i, token in enumerate(n["tokens"]):
            row_rect = b.row_bounds(self.table, token).expanded(8 * table_fit)
            token_rect = b.cell_bounds(self.prompt_item, 0, i).expanded(
                4 * b.state(self.prompt_item).scale)
            walk, box = kit.walk_box(box, row_rect, [self.table], pad=0, name="lookup box")
            walk_token, token_box = kit.walk_box(token_box, token_rect, [self.prompt_item],
                                                 pad=0, name="token box")
            b.play(_tfviz.group([walk, walk_token]), 0.8)
            kit.fill_row(self.hidden, i, n["hidden"], color=P["input"], seconds=0.8, lag=0.3,
                         recolor=False)
            digit = self.prompt[i]
            kit.stop(f'token {i} is "{digit}"',
                     f"Digit {digit} picks row {digit} of the table: that row becomes row {i} of "
                     f"hidden_states.", None, 0.3)
        b.play(_tfviz.recolor(self.hidden, P["input"]), 0.0)
        kit.clear([box, token_box, self.table, self.prompt_item], 0.8)

    # Step 1 for hidden states given directly instead of the token lookup.
    def show_given_hidden(self):
        kit, rows, cols = self.kit, *self.n["hidden"].shape
        source = self.source or "your file"
        kit.caption(f"Step 1 · hidden_states, loaded from {source}")
        kit.clear(self.weights_and_dk, 0.5)
        kit.lay_out_row([self.hidden], 560)
        kit.stop("hidden states",
                 f"These hidden states come from {source} instead of the token table.",
                 f"One row per token ({rows} {TIMES} {cols}): no lookup this time, the rows are "
                 f"given.", 1.0)

    # A line of the notebook's PyTorch code at the calculation line, in code type (hidden).
    def code_line(self, code):
        item = self.kit.text(code, 38, (960, K.CALC_Y), P["note"], tfviz.Face.mono)
        self.kit.fit_width(item, K.MAX_ROW_WIDTH)
        return item

    # -- Steps 2 and 3: a product worked out entry by entry ------------------------------------
    def product_step(self, lhs, lhs_values, *, caption, code, rhs, rhs_style, result,
                     result_style, note, beat_name):
        """lhs (already on screen) @ a new right operand = a new, faint result, computed entry by
        entry. Returns the result, which stays; the operands and signs fade out."""
        kit, b = self.kit, self.b
        kit.caption(caption)
        rhs_item = kit.matrix(rhs, rhs_style)
        result_item = kit.matrix(result, result_style, True)
        p = kit.lay_out_product(lhs, rhs_item, result_item)
        kit.show([p.times, rhs_item, p.equals, result_item], 1.5, 0.3)
        code_item = self.code_line(code)
        b.play(_tfviz.fade_in(code_item), 0.6)
        kit.stop(f"{beat_name}: operands", note, note, 0)
        kit.note("")
        b.play(_tfviz.fade_out(code_item), 0.4)
        kit.step_product(p, lhs_values, rhs, result_color=result_style.color,
                         beat_name=beat_name)
        b.beat(f"{beat_name} done",
               "Every entry was one row times one column; the whole product is just those dot "
               "products.")
        kit.clear([lhs, rhs_item, p.times, p.equals], 0.8)
        return result_item

    def final_map(self):
        n, kit, b = self.n, self.kit, self.b
        kit.caption("The attention map: one row per query token, one column per key token")
        self.legend = self.add_legend(self.score_heat, self.score_legend_format(), "score legend")
        kit.lay_out_row([self.attention, self.legend], 560, gap=70, max_width=1500,
                        max_height=600, most=1.6, seconds=1.2)
        b.beat("attention map", "Row i: how strongly token i's query matches every key.")
        b.play(_tfviz.group([kit.heat_up(self.attention, n["attention"], self.score_heat),
                             _tfviz.fade_in(self.legend)]), 1.4)
        kit.stop("score heat",
                 "The heat colours make the biggest scores jump out; the legend reads them.",
                 "Colour shows each score: red is high, blue is negative, grey is near 0.", 0.8)
        box = None
        diagonal = []
        for i in range(n["attention"].shape[0]):
            cell = b.cell_bounds(self.attention, i, i)
            walk, box = kit.walk_box(box, cell, [self.attention], color=P["title"], pad=-3,
                                     stroke=5, radius=12, name="diagonal box")
            b.play(walk, 0.8 if i == 0 else 0.7)
            if i == 0:
                kit.note("The diagonal: each token's score against itself.")
            diagonal.append(b.cell_index(self.attention, i, i))
            kit.highlight_cells(self.attention, [diagonal[-1]], 1.0, 0.3)
            b.beat(f"diagonal {i}", f"Token {self.tokens[i]} scored against itself.")
        off = [_tfviz.fade_out(box)] + [_tfviz.cell_highlight(self.attention, c, 0.0)
                                        for c in diagonal]
        b.play(_tfviz.group(off), 0.5)
        kit.stop("stronger match",
                 "Raw scores can be any size; the next steps turn them into attention weights.",
                 "A higher score means a stronger match between a query and a key.", 1.5)
        self.scores = self.attention

    # -- beyond the notebook: scaling, mask, softmax, weighted sum ------------------------------
    def step_label(self):
        label = f"Step {self.step}{STEP_DOT}"
        self.step += 1
        return label

    @staticmethod
    def heat_fill(heat, fmt, seconds):
        """How a placeholder is filled entry by entry: numbers in the text colour (masked ones in
        grey) on the heat scale's fills."""
        return dict(format=fmt, color=P["text"], seconds=seconds, recolor=False, heat=heat)

    def calc_text(self, text, shorter):
        """Calculation text at the calculation line, or `shorter` when the text would have to
        shrink below the smallest legible size to fit. Returns the (hidden) item."""
        size = 42
        kit = self.kit
        item = kit.text(text, size, (960, K.CALC_Y), P["text"], tfviz.Face.mono)
        if f32(kit.width(item)) * f32(K.MIN_TEXT_SIZE) / f32(size) > f32(K.MAX_ROW_WIDTH):
            item = kit.text(shorter, size, (960, K.CALC_Y), P["text"], tfviz.Face.mono)
        kit.fit_width(item, K.MAX_ROW_WIDTH)
        return item

    def scale_step(self):
        """Step 4: the scores divided by sqrt(d_k) (or a word that scaling is off)."""
        n, kit, b = self.n, self.kit, self.b
        if not self.scale:
            kit.stop("no scaling",
                     "Scaling is off in the inspector: the softmax sees the raw scores.",
                     "Scaling is off here: the raw scores go straight into the softmax.", 1.5)
            return
        dk = n["dk"]
        root = f"$\\sqrt{{{dk}}}$"
        kit.caption(self.step_label() + f"Divide every score by $\\sqrt{{d_k}} = \\sqrt{{{dk}}}$")
        fmt = self.scaled_format
        divide = kit.sign(self.divide_text(), OP_SIZE)
        equals = kit.sign("=", OP_SIZE)
        scaled = kit.matrix(n["scaled"], self.scaled_style(), True)
        legend = self.add_legend(self.scaled_heat, self.scaled_legend_format(), "scaled legend")
        b.play(_tfviz.fade_out(self.legend), 0.4)
        kit.lay_out_row([self.attention, divide, equals, scaled, legend], K.CONTENT_Y)
        kit.show([divide, equals, scaled], 1.2, 0.3)
        kit.stop("scale: operands",
                 "Dividing by the square root of d_k keeps scores from growing with the key "
                 "length.",
                 self.dk_text() + " numbers per key. Dividing keeps long keys from making the "
                 "softmax too spiky.", 0)
        # The first entry worked out: "6 ÷ √3 = 6 ÷ 1.7321 = 3.46".
        score = (tfviz.format_number(n["scores"][0, 0], tfviz.choose_format(n["scores"])) +
                 f" {DIVIDE} ")
        root2 = tfviz.format_number(math.sqrt(dk), tfviz.NumberFormat(4))
        calc = self.calc_text(f"{score}{root} = {score}{root2} = "
                              f"{tfviz.format_number(n['scaled'][0, 0], fmt)}", "")
        b.play(_tfviz.write(calc), 1.0)
        kit.fill_cells(scaled, n["scaled"], **self.heat_fill(self.scaled_heat, fmt, 1.5))
        b.play(_tfviz.group([_tfviz.recolor(scaled, P["scaled_score"]),
                             _tfviz.fade_in(legend)]), 0.6)
        kit.stop("scaled",
                 "Same order of scores, smaller spread: the softmax will be less extreme.",
                 None, 0.5)
        kit.clear([self.attention, divide, equals, calc], 0.6)
        kit.lay_out_row([scaled, legend], K.CONTENT_Y, gap=70, seconds=0.8)
        self.scores = scaled
        self.legend = legend

    def mask_step(self):
        """Step 5: the causal mask added (or a word that this explainer runs without one)."""
        n, kit, b = self.n, self.kit, self.b
        if not self.causal:
            kit.stop("no mask",
                     "Without a causal mask every token may look at every other one, later ones "
                     "included.",
                     "No causal mask here: every token sees every token (a toggle turns it on).",
                     1.5)
            return
        kit.caption(self.step_label() + "The causal mask: no peeking at later tokens")
        mask = kit.matrix(n["mask"], self.mask_style())
        # The mask's -inf entries on the dark masked fill, its zeros plain.
        rows, cols = n["mask"].shape
        for r in range(rows):
            for c in range(cols):
                if math.isinf(n["mask"][r, c]):
                    b.play(_tfviz.cell_fill(mask, b.cell_index(mask, r, c), P["masked_cell"]),
                           0.0)
        plus = kit.sign("+", OP_SIZE)
        masked = kit.matrix(n["masked"], self.masked_style(), True)
        done = [self.scores, plus, mask]
        if self.mask_in_one_row:
            equals = kit.sign("=", OP_SIZE)
            done.append(equals)
            kit.lay_out_row([self.scores, plus, mask, equals, masked, self.legend], K.CONTENT_Y)
            kit.show([plus, mask, equals, masked], 1.4, 0.3)
        else:
            # Too wide for one row: scores + mask first, then scores "+ mask =" masked.
            b.play(_tfviz.fade_out(self.legend), 0.4)
            kit.lay_out_row([self.scores, plus, mask], K.CONTENT_Y)
            kit.show([plus, mask], 1.0, 0.3)
        kit.stop("mask: operands",
                 "A decoder must not look ahead: minus infinity above the diagonal.",
                 "Row $i$ may use tokens 0 to $i$ only: $-\\infty$ sits above the diagonal.", 0)
        if not self.mask_in_one_row:
            kit.clear([plus, mask], 0.6)
            op = kit.sign(MASK_OP, SOFTMAX_SIZE)
            kit.lay_out_row([self.scores, op, masked, self.legend], K.CONTENT_Y)
            kit.show([op, masked, self.legend], 1.0, 0.3)
            done = [self.scores, op]
        # The masked scores keep the scaled scores' colours; -inf gets the dark masked fill.
        kit.fill_cells(masked, n["masked"],
                       **self.heat_fill(self.scaled_heat, self.scores_format, 1.5))
        b.play(_tfviz.recolor(masked, P["masked_score"]), 0.0)
        kit.stop("masked", "After the softmax, minus infinity becomes a weight of exactly 0.",
                 "$e^{-\\infty} = 0$: the softmax gives those entries no weight.", 1.0)
        kit.clear(done, 0.8)
        kit.lay_out_row([masked, self.legend], K.CONTENT_Y, gap=70, seconds=0.8)
        self.scores = masked

    def softmax_step(self):
        """Step 6: the softmax of every row, one row at a time."""
        n, kit, b = self.n, self.kit, self.b
        hot = self.temperature != 1.0
        t = self.temperature_text()
        kit.caption(self.step_label() + "Softmax of each row: the attention weights" +
                    (f", at temperature {t}" if hot else ""))
        fmt = self.weights_format
        self.weights = kit.matrix(n["weights"], self.weights_style(), True)
        self.softmax_arrow = kit.sign(self.softmax_text(), SOFTMAX_SIZE)
        legend = self.add_legend(self.weight_heat, tfviz.NumberFormat(0), "weight legend")
        b.play(_tfviz.fade_out(self.legend), 0.4)
        kit.lay_out_row([self.scores, self.softmax_arrow, self.weights, legend], K.CONTENT_Y)
        kit.show([self.softmax_arrow, self.weights], 1.2, 0.3)
        if hot:
            how = (" first flattens each row: weights spread out." if self.temperature > 1
                   else " first sharpens each row: the top score wins more.")
            on_screen = f"Dividing by {t}{how}"
        else:
            on_screen = "Each score $x$ becomes $e^x$; then each row is divided by its own total."
        kit.stop("softmax: operands", "Each row becomes positive weights that add up to 1.",
                 on_screen, 0)

        box = calc = None
        for i in range(n["masked"].shape[0]):
            pace = 1.0 if i == 0 else 0.6
            row_rect = b.row_bounds(self.scores, i).expanded(8 * b.state(self.scores).scale)
            walk, box = kit.walk_box(box, row_rect, [self.scores], pad=0, name="softmax row box")
            frame = [walk] + ([_tfviz.fade_out(calc)] if calc is not None else [])
            b.play(_tfviz.group(frame), 0.8 * pace)
            args = tfviz.tuple_text(n["masked"][i], self.scores_format, "", "")
            inner = f"({args}) {DIVIDE} {t}" if hot else args
            calc = self.calc_text(
                f"softmax({inner}) = {tfviz.tuple_text(n['weights'][i], fmt, '', '')}",
                f"row {i}: $e^x$ {DIVIDE} the row's sum of $e^x$")
            b.play(_tfviz.write(calc), 1.0 * pace)
            kit.fill_row(self.weights, i, n["weights"],
                         **self.heat_fill(self.weight_heat, fmt, 1.0 * pace))
            if i == 0:
                b.play(_tfviz.fade_in(legend), 0.5)
            kit.stop(f"softmax row {i}",
                     f"Row {i} (query {self.tokens[i]}): exponentiate each score, divide by the "
                     f"row's total.", None, 1.0 if i == 0 else 0.4)
        kit.fade_out_all([box, calc], 0.6)  # under the note that follows
        b.play(_tfviz.recolor(self.weights, P["attention_weight"]), 0.0)
        kit.stop("attention weights",
                 "One row per token: how much of every token's value it will take.",
                 "Every row of attention weights adds up to 1: how much each token attends to "
                 "each other one.", 1.2)
        self.legend = legend

    def weighted_sum_step(self):
        """Step 7: values = hidden_states @ W_v.T, then output = attention weights @ values,
        entry by entry."""
        n, kit, b = self.n, self.kit, self.b
        step = self.step_label()
        kit.caption(step + "The weighted sum: first, the values, the hidden states times $W_v^T$")
        kit.clear([self.scores, self.softmax_arrow, self.weights, self.legend], 0.6)
        wvT = kit.matrix(n["wvT"], self.wvT_style())
        values = kit.matrix(n["values"], self.values_style(), True)
        vp = kit.lay_out_product(self.hidden, wvT, values)
        kit.show([self.hidden, vp.times, wvT, vp.equals, values], 1.4, 0.25)
        kit.fill_cells(values, n["values"], format=self.values_style().format, color=P["value"],
                       recolor=False)
        b.record_product(self.hidden, wvT, values, n["hidden"], n["wvT"],
                         tfviz.choose_format(n["hidden"]))
        code = self.code_line("values = hidden_states @ W_v.T")
        b.play(_tfviz.fade_in(code), 0.6)
        b.play(_tfviz.recolor(values, P["value"]), 0.0)
        kit.stop("values", "Values are the third projection of the hidden states, what gets mixed.",
                 "The notebook shares one weight matrix, so the values equal the queries."
                 if same_matrix(n["wv"], n["wq"])
                 else "The same kind of product as the queries, with $W_v^T$: what each token "
                      "passes on.", 1.0)

        kit.caption(step + "Output: the attention weights times the values")
        kit.clear([self.hidden, vp.times, wvT, vp.equals, code], 0.8)
        output = kit.matrix(n["output"], self.output_style(), True)
        p = kit.lay_out_product(self.weights, values, output)
        kit.show([self.weights, p.times, p.equals, output], 1.4, 0.3)
        kit.stop("output: operands", "Each output row is a weighted sum of the value rows.",
                 "Each output row mixes the value rows, weighted by one row of attention weights.",
                 0)
        kit.note("")
        kit.step_product(p, n["weights"], n["values"], result_color=P["output"],
                         beat_name="output",
                         operand_format=tfviz.NumberFormat(self.weights_format.decimals),
                         result_format=self.output_format, slow_pace=0.9, fast_pace=0.35)
        b.beat("output done", "That is one attention head from start to finish.")
        kit.clear([self.weights, values, p.times, p.equals], 0.8)

        kit.caption("The output of one attention head")
        kit.lay_out_row([output], 560, gap=0, max_width=1200, max_height=560, most=1.6,
                        seconds=1.2)
        kit.stop("the end",
                 "Try the inspector: change the prompt or the weights and watch every number "
                 "follow.",
                 "Row i is token i's new vector: the values it attended to, blended by weight.",
                 2.0)
