"""The dot product: multiply matching entries, then add the products.

Four small examples, each animated pair by pair: a box walks over the pairs of entries of a and b,
each product appears under its pair, then copies of the products fly down into a written-out sum
whose total lifts off into a · b.

1. a worked example, 0·1 + 1·0 + 1·1 + 2·2 = 5, one presenter stop per product;
2. a one-hot vector with itself gives 1;
3. two different one-hot vectors give 0;
4. a one-hot vector with a mix of weights reads out one entry of the mix: the dot product is a
   lookup (and a similarity).

This is the Python twin of the built-in section s02 (src/scene/sections/s02_dot_product.cpp):
the same kit calls, in the same order, with the same numbers, so its frames are byte-identical
to the C++ section's (tests/python/test_dot_product_twin.py checks it). Run it with

    tfviz --scene examples/scenes/dot_product.py

Where the C++ computes in single-precision floats (layout arithmetic) this file does the same with
numpy.float32, so every position rounds exactly as it does there.
"""

from dataclasses import dataclass

import numpy as np

import tfviz
from tfviz import _tfviz as tv

F32 = np.float32
PALETTE = tv.PALETTE
TENTHS = tv.NumberFormat(1)  # the article writes 0.8, 1, 0

# Where the three rows stand: a over b over the products (and the arrow and the sum beside them).
A_Y, B_Y, PRODUCTS_Y = 330.0, 460.0, 640.0
SCALE = F32(1.3)  # vectors of four entries: room to show them large
CALC_SIZE = 46.0  # the size of the written-out sum
CALC_Y = tv.layout.CALC_Y


def number(v):
    """A number as the article writes it: "0.8", "1", "0"."""
    return tv.format_number(float(v), TENTHS)


def mono_width(text, size):
    return F32(tv.measure_text(tv.Face.mono, text, float(size)))


@dataclass
class Example:
    """Two vectors and their dot product, computed with numpy."""
    name: str  # beat labels start with it
    caption: str
    note: str  # shown once the sum is there
    presenter_note: str
    a: np.ndarray
    b: np.ndarray
    slow: bool = False  # one beat per product

    def __post_init__(self):
        self.a = np.asarray(self.a, dtype=float)
        self.b = np.asarray(self.b, dtype=float)
        self.products = self.a * self.b  # multiply matching entries...
        self.value = float(self.a @ self.b)  # ...and add them up


@dataclass
class Picture:
    """One example on screen: what the next example turns into its own."""
    a: int
    b: int
    products: int
    sum: int
    arrow: int
    add: int
    sum_calc: int


class DotProduct(tfviz.Section):
    id = "s02-dot-product-py"
    title = "Dot product"

    def construct(self):
        self.last = None
        self.show_example(Example(
            "worked", "Dot product: multiply matching entries, then add the results",
            "Four products, 0 + 0 + 1 + 4: the dot product of these vectors is 5.",
            "Pair the entries up, multiply each pair, add the products.",
            a=[0, 1, 1, 2], b=[1, 0, 1, 2], slow=True))
        self.show_example(Example(
            "match", "A one-hot vector with itself",
            "The single 1 meets itself: a one-hot vector dotted with itself gives 1.",
            "Only the matching slot contributes, and it contributes 1.",
            a=[0, 1, 0, 0], b=[0, 1, 0, 0]))
        self.show_example(Example(
            "mismatch", "Two different one-hot vectors",
            "The 1s never meet: two different one-hot vectors give 0.",
            "So the dot product tells whether two one-hots are the same.",
            a=[0, 1, 0, 0], b=[0, 0, 0, 1]))
        similarity = Example(
            "similarity", "A one-hot vector with a mix of weights",
            "The one-hot reads out one entry: how strongly word 3 shows up in the mix.",
            "A dot product with a one-hot is a lookup, and a similarity.",
            a=[0, 0, 1, 0], b=[0.2, 0.7, 0.8, 0.1])
        self.show_example(similarity, lookup=True)
        self.summary()

    # -- one example ------------------------------------------------------------------------------
    def aligned_styles(self, values, styles):
        """Three stacked row vectors (a, b and their products) whose columns line up: every cell
        gets the width of the widest one."""
        def widest(v, s):
            w = mono_width("?", s.font_size)
            for x in np.ravel(v):
                w = max(w, mono_width(tv.format_number(float(x), s.format), s.font_size))
            return w

        cell = F32(0)
        for v, s in zip(values, styles):
            cell = max(cell, widest(v, s) + F32(2) * F32(0.55) * F32(s.font_size))
        for v, s in zip(values, styles):
            s.pad_x = float((cell - widest(v, s)) / (F32(2) * F32(s.font_size)))
        return styles

    def show_example(self, ex, lookup=False):
        b, kit = self.b, self.kit
        if self.last:
            kit.note("")  # the last example's conclusion leaves with it
        kit.caption(ex.caption)
        pace = 1.0 if ex.slow else 0.6

        def style(**kw):
            return tv.example_style(tv.MatrixStyle(**kw), header_size=40.0, format=TENTHS)

        styles = self.aligned_styles(
            [ex.a, ex.b, ex.products],
            [style(color=PALETTE["input"], row_labels=["$a$"]),
             style(color=PALETTE["weight"], row_labels=["$b$"]),
             style(color=PALETTE["result"], row_labels=["products"])])
        a = kit.matrix(ex.a[None, :], styles[0])
        vb = kit.matrix(ex.b[None, :], styles[1])
        products = kit.matrix(ex.products[None, :], styles[2], True)
        total_cell = kit.matrix(np.full((1, 1), ex.value),
                                style(label="$a \\cdot b$", color=PALETTE["result"]), True)
        for m in (a, vb, products, total_cell):
            b.play(tv.scale_to(m, float(SCALE)), run_time=0.0)

        # The products, the arrow and the sum on one row, centred; a and b over the products,
        # their columns on its columns.
        arrow = kit.line((0, PRODUCTS_Y), (170, PRODUCTS_Y), PALETTE["note"], 5, 24)
        kit.place_row([products, arrow, total_cell], PRODUCTS_Y, 40)
        x = b.state(products).pos[0]
        b.play(tv.group([tv.move_to(a, (x, A_Y)), tv.move_to(vb, (x, B_Y))]), run_time=0.0)
        cx, cy = b.bounds(arrow).center
        add = kit.text("add", 36, (cx, cy - 44), PALETTE["note"])

        if self.last:
            # The last example's picture turns into this one: each vector into the new one in its
            # place, the products and the sum back to "?". Whatever makes room moves first.
            p = self.last
            tail = tv.group([tv.fade_out(p.sum_calc), b.transform(p.arrow, arrow),
                             b.transform(p.add, add), b.transform(p.sum, total_cell)])
            vectors = tv.group([b.transform(p.a, a), b.transform(p.b, vb),
                                b.transform(p.products, products)])
            vectors_first = F32(b.bounds(arrow).min[0]) < F32(b.bounds(p.products).max[0]) + F32(24)
            order = [vectors, tail] if vectors_first else [tail, vectors]
            b.play(tv.lagged_start(0.6, order), run_time=1.6)
        else:
            b.play(tv.lagged_start(0.35, [tv.fade_in(a), tv.fade_in(vb), tv.fade_in(products),
                                          tv.group([tv.create(arrow), tv.fade_in(add)]),
                                          tv.fade_in(total_cell)]),
                   run_time=1.6 * pace)
        if ex.slow:
            kit.stop(f"{ex.name}: vectors", "Two vectors of equal length, a above b.",
                     "Two vectors of the same length: line up their entries in pairs.", 1.0)

        self.multiply(ex, a, vb, products, pace)
        sum_calc = self.add_up(ex, products, total_cell, pace)
        kit.stop(f"{ex.name}: sum", ex.presenter_note, ex.note, 2.5 * pace + 0.5)

        if lookup:
            self.lookup_detail(ex, a, vb, products, total_cell)
        self.last = Picture(a, vb, products, total_cell, arrow, add, sum_calc)

    def multiply(self, ex, a, vb, products, pace):
        """A box runs over the pairs; each product appears under its pair."""
        b, kit = self.b, self.kit

        def pair(k):
            return b.cell_bounds(a, 0, k).united(b.cell_bounds(vb, 0, k))

        box = kit.box_around(pair(0), [a, vb], pad=4, name="pair box", seconds=0)
        calc = None
        for k in range(len(ex.a)):
            cell = b.cell_index(products, 0, k)
            frame = [kit.box_onto(box, pair(k), 4), tv.cell_highlight(products, cell, 1.0)]
            if k > 0:
                frame.append(tv.cell_highlight(products, cell - 1, 0.0))
            if calc is not None:
                frame.append(tv.fade_out(calc))
            b.play(tv.group(frame), run_time=0.6 * pace)
            product = number(ex.products[k])
            calc = kit.text(f"{number(ex.a[k])} · {number(ex.b[k])} = {product}", 46,
                            (960, CALC_Y), PALETTE["text"], tv.Face.mono)
            b.play(tv.group([tv.write(calc), kit.reveal_cell(products, 0, k, product)]),
                   run_time=0.8 * pace)
            b.wait(0.4 * pace)
            if ex.slow:
                kit.stop(f"{ex.name}: product {k + 1}",
                         f"Pair {k + 1}: one entry of a times the matching entry of b.", None, 0)
        last_cell = b.cell_index(products, 0, len(ex.a) - 1)
        b.play(tv.group([tv.fade_out(box), tv.fade_out(calc),
                         tv.cell_highlight(products, last_cell, 0.0),
                         tv.recolor(products, PALETTE["result"])]), run_time=0.4)

    def add_up(self, ex, products, total_cell, pace):
        """Copies of the products fly down into their terms of the written-out sum, the terms
        become "0 + 0 + 1 + 4 = 5", and a copy of its total flies up into a · b."""
        b, kit = self.b, self.kit
        terms = [number(p) for p in ex.products]
        term_ends = [len(" + ".join(terms[:k + 1])) for k in range(len(terms))]
        total = number(ex.value)
        sum_text = " + ".join(terms) + " = " + total
        sum_calc = kit.text(sum_text, CALC_SIZE, (960, CALC_Y), PALETTE["text"], tv.Face.mono)

        def end_of(end):
            """Where the first `end` characters of the sum end on screen: it is centred."""
            x = F32(960) + mono_width(sum_text[:end], CALC_SIZE) \
                - mono_width(sum_text, CALC_SIZE) / F32(2)
            return (float(x), CALC_Y)

        copies, fly = [], []
        for k, end in enumerate(term_ends):
            copy = kit.copy_cell(products, 0, k)
            b.allow_overlap(copy, sum_calc)  # it lands on its own term
            copies.append(copy)
            fly.append(kit.fly_copy(copy, end_of(end), size=CALC_SIZE))
        b.play(tv.lagged_start(0.25, fly), run_time=1.6 * pace)
        # The landed terms turn into the written-out sum (same place, same size: a cross-fade).
        b.play(tv.group([tv.fade_in(sum_calc)] + [tv.fade_out(c) for c in copies]), run_time=0.5)

        # The total lifts off the written-out sum and becomes the entry of a · b, whose "?" makes
        # way for it.
        result = kit.text(total, CALC_SIZE, end_of(len(sum_text)), PALETTE["result"],
                          tv.Face.mono, tv.Align.right)
        kit.allow_with(result, [sum_calc, total_cell])
        b.play(tv.group([kit.fly_copy(result, kit.cell_text_anchor(total_cell, 0, 0),
                                      size=float(F32(tv.layout.MATRIX_FONT) * SCALE)),
                         tv.with_duration(tv.cell_opacity(total_cell, 0, 0.0), 0.3)]),
               run_time=1.0 * pace + 0.2)
        b.play(tv.group([tv.fade_out(result), kit.reveal_cell(total_cell, 0, 0, total),
                         tv.recolor(total_cell, PALETTE["result"])]), run_time=0.5)
        return sum_calc

    def lookup_detail(self, ex, a, vb, products, total_cell):
        """The 0.8 example once more: the 1 in a points at one entry of b, which goes through
        unchanged."""
        b, kit = self.b, self.kit
        k = int(np.argmax(ex.a))
        kit.caption("The 1 in $a$ selects one entry of $b$: the dot product is a lookup")
        light = [tv.cell_highlight(m, b.cell_index(m, 0, k), 1.0) for m in (a, vb, products)]
        light.append(tv.cell_highlight(total_cell, 0, 1.0))
        b.play(tv.lagged_start(0.4, light), run_time=1.4)
        kit.stop("similarity: lookup", "Keep this in mind: one-hot times something = a lookup.",
                 "Every other entry of $b$ is multiplied by 0 and drops out.", 2.5)

    # -- the end ----------------------------------------------------------------------------------
    def summary(self):
        kit = self.kit
        kit.note("")
        if self.last:  # the picture fades under the caption change: the lines follow at once
            p = self.last
            kit.fade_out_all([p.a, p.b, p.products, p.sum, p.arrow, p.add, p.sum_calc])
        kit.caption("The dot product in three lines")
        kit.write_lines(["multiply matching entries, then add",
                         "one-hot with itself = 1, with a different one-hot = 0",
                         "one-hot with any vector = the entry at its 1"],
                        44, 400, 110)
        kit.stop("summary", "These three facts carry the rest of the tutorial.", None, 3.0)
