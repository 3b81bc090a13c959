"""tfviz.Section: a section authored like a Manim scene and stored as tfviz's timeline.

Subclass it, give it an ``id`` and a ``title``, and write ``construct(self)``; inside, the kit
(``self.kit``), the builder (``self.b``) and the conveniences below (``play``, ``wait``, ``beat``,
``matrix``, ``text``, ``product``...) are what C++ sections use. The section is built once, on
first use, into an immutable timeline; rendering, the window and export are tfviz's own.
"""

import base64
import os
import re
import shutil
import tempfile

from . import _tfviz
from .tensors import as_matrix, shape_text

EASES = {e.name: e for e in _tfviz.Ease.__members__.values()}
FACES = {"sans": _tfviz.Face.sans, "mono": _tfviz.Face.mono, "math": _tfviz.Face.math}
ALIGNS = {"left": _tfviz.Align.left, "center": _tfviz.Align.center, "right": _tfviz.Align.right}


def color(c):
    """A colour: a palette role ("input", "weight", "query", ...; see tfviz.PALETTE), "#rrggbb",
    or a tuple of 3 or 4 floats in 0..1."""
    if isinstance(c, str):
        if c in _tfviz.PALETTE:
            return _tfviz.PALETTE[c]
        m = re.fullmatch(r"#([0-9a-fA-F]{6})", c)
        if m:
            v = int(m.group(1), 16)
            return ((v >> 16) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255, 1.0)
        raise ValueError(f"unknown colour role '{c}' (roles: {', '.join(sorted(_tfviz.PALETTE))}; "
                         f"or '#rrggbb')")
    try:
        t = tuple(float(v) for v in c)
    except TypeError:
        raise TypeError(f"a colour is a role name, '#rrggbb' or 3 or 4 numbers, got {c!r}") from None
    if len(t) not in (3, 4):
        raise ValueError(f"a colour has 3 or 4 components, got {len(t)}")
    return t if len(t) == 4 else t + (1.0,)


def ease_of(e):
    """An ease by name (linear, smooth, ease_in, ease_out, ease_in_out, there_and_back)."""
    if isinstance(e, _tfviz.Ease):
        return e
    if e in EASES:
        return EASES[e]
    raise ValueError(f"unknown ease '{e}' (known: {', '.join(EASES)})")


def _face(f):
    if isinstance(f, _tfviz.Face):
        return f
    if f in FACES:
        return FACES[f]
    raise ValueError(f"unknown face '{f}' (known: sans, mono, math)")


def _align(a):
    if isinstance(a, _tfviz.Align):
        return a
    if a in ALIGNS:
        return ALIGNS[a]
    raise ValueError(f"unknown align '{a}' (known: left, center, right)")


def _default_id(cls):
    name = re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()
    return name or "scene"


def _size(size):
    try:
        w, h = (int(v) for v in size)
    except (TypeError, ValueError):
        raise TypeError(f"size is (width, height), got {size!r}") from None
    return w, h


class Section:
    """A section: subclass it and write construct(), or get one from explain_matmul /
    explain_attention. Built on first use; its timeline never changes after."""

    id = None
    title = ""
    auto_title = True  # the title is written as the section starts (False: construct() does)

    def __init__(self, id=None, title=None):
        self.id = id or type(self).id or _default_id(type(self))
        if not isinstance(self.id, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", self.id):
            raise ValueError(f"section id {self.id!r}: use letters, digits, '-', '_' and '.'")
        self.title = type(self).title if title is None else title
        self._script = None
        self._b = None

    # -- authoring --------------------------------------------------------------------------
    def construct(self):
        raise NotImplementedError(f"{type(self).__name__} must define construct(self)")

    @property
    def b(self):
        """The section's builder (add, play, wait, beat, bounds, cell_bounds, ...)."""
        if self._b is None:
            raise RuntimeError("the builder exists only while construct() runs")
        return self._b

    @property
    def kit(self):
        """The kit: caption, note, stop, matrix, lay_out_row, step_product, box_around, ..."""
        return self.b.kit

    def play(self, *anims, run_time=1.0, ease="smooth", under=False):
        """Plays animations together over run_time seconds; under=True lets what comes next
        start at once (the playhead does not wait)."""
        if not anims:
            raise ValueError("play() needs at least one animation")
        for a in anims:
            if not isinstance(a, _tfviz.Anim):
                raise TypeError(f"play() takes animations (tfviz.fade_in(item), ...), got {a!r}")
        anim = anims[0] if len(anims) == 1 else _tfviz.group(list(anims))
        self.b.play(anim, run_time=run_time, ease=ease_of(ease), advance=not under)

    def wait(self, seconds=1.0):
        self.b.wait(seconds)

    def beat(self, label, note=""):
        """A stop for the presenter here: the arrow keys go from beat to beat."""
        self.b.beat(label, note)

    def caption(self, text):
        self.kit.caption(text)

    def note(self, text):
        self.kit.note(text)

    def stop(self, label, note="", on_screen=None, hold=1.0):
        """The note line (on_screen; "" clears it), a hold, then a beat."""
        self.kit.stop(label, note, on_screen, hold)

    def text(self, text, *, size=40, pos=(960, 540), role="text", face="sans", align="center"):
        """A text item (hidden until shown). `$...$` spans are typeset as maths."""
        return self.kit.text(str(text), float(size), pos, color(role), _face(face), _align(align))

    def matrix(self, values, *, label="", role="input", tokens=None, row_labels=None,
               col_labels=None, decimals=None, font_size=None, placeholder=False,
               hide_zeros=False):
        """A matrix from a NumPy array, a torch tensor or a list, in the house style (hidden
        until shown). role: its colour (see tfviz.PALETTE). tokens: labels for its rows, one per
        token (col_labels=tokens labels the columns of a tokens x tokens map). decimals: at most this many (default: chosen from
        the values). placeholder: a faint result whose entries show "?" until filled."""
        v = as_matrix(values, label or "the matrix", allow_inf=True)
        rows = list(row_labels) if row_labels is not None else []
        cols = list(col_labels) if col_labels is not None else []
        if tokens is not None:
            tokens = [str(t) for t in tokens]
            if len(tokens) != v.shape[0]:
                raise ValueError(f"{label or 'the matrix'}: {len(tokens)} tokens for "
                                 f"{v.shape[0]} rows")
            rows = rows or tokens
        fmt = _tfviz.choose_format(v) if decimals is None else _tfviz.NumberFormat(decimals)
        style = _tfviz.MatrixStyle(
            font_size=float(font_size or _tfviz.layout.MATRIX_FONT), label=str(label),
            label_size=40.0, color=color(role), format=fmt, hide_zeros=hide_zeros,
            row_labels=[str(r) for r in rows], col_labels=[str(c) for c in cols],
            header_size=40.0)
        return self.kit.matrix(v, style, placeholder)

    def show(self, *items, run_time=1.0, lag=0.0):
        """Fades items in, each `lag` after the one before."""
        self.kit.show(list(items), run_time, lag)

    def product(self, a, b, *, labels=("A", "B", "A @ B"), roles=("input", "weight", "result"),
                tokens=None, decimals=None, caption=None, beat_name="entry", step=True):
        """The entry-by-entry product stepper in one call: a × b = ?, laid out on one row, then
        every entry of the result with its row, its column and its real products written out,
        one beat each. Returns the tfviz Product (its lhs, rhs and result items)."""
        A = as_matrix(a, labels[0])
        B = as_matrix(b, labels[1])
        if A.shape[1] != B.shape[0]:
            raise ValueError(f"{labels[0]} is {shape_text(A)} but {labels[1]} is {shape_text(B)}: "
                             f"{labels[0]} needs as many columns as {labels[1]} has rows")
        C = A @ B
        if caption:
            self.caption(caption)
        lhs = self.matrix(A, label=labels[0], role=roles[0], tokens=tokens, decimals=decimals)
        rhs = self.matrix(B, label=labels[1], role=roles[1], decimals=decimals)
        out = self.matrix(C, label=labels[2], role=roles[2], row_labels=tokens,
                          decimals=decimals if decimals is not None else None, placeholder=True)
        p = self.kit.lay_out_product(lhs, rhs, out)
        self.kit.show([lhs, p.times, rhs, p.equals, out], 1.4, 0.25)
        fmt_a = _tfviz.choose_format(A) if decimals is None else _tfviz.NumberFormat(decimals)
        self.b.record_product(lhs, rhs, out, A, B, fmt_a)
        self.stop(f"{beat_name}: operands", f"{labels[0]} is {shape_text(A)}, {labels[1]} is "
                  f"{shape_text(B)}: the result is {shape_text(C)}.",
                  f"Each entry: a row of ${_math(labels[0])}$ times a column of "
                  f"${_math(labels[1])}$.", 0.8)
        if step:
            self.kit.note("")
            self.kit.step_product(p, A, B, result_color=color(roles[2]), beat_name=beat_name,
                                  operand_format=None if decimals is None
                                  else _tfviz.NumberFormat(decimals),
                                  result_format=None if decimals is None
                                  else _tfviz.NumberFormat(decimals))
        return p

    # -- building -----------------------------------------------------------------------------
    def build(self):
        """Builds the timeline (once) and returns it."""
        if self._script is None:
            self._b = _tfviz.Builder(self.id, self.title or "")
            try:
                if self.title and self.auto_title:
                    self._b.kit.title(self.title)
                self.construct()
                self._script = self._b.finish()
            finally:
                self._b = None
        return self._script

    @property
    def script(self):
        return self.build()

    @property
    def duration(self):
        """Length in seconds."""
        return self.build().duration

    @property
    def beats(self):
        """[(time, label, note), ...]: the presenter's stops."""
        return [(b.time, b.label, b.note) for b in self.build().beats]

    def beat_time(self, label):
        for t, name, _ in self.beats:
            if name == label:
                return t
        raise KeyError(f"section '{self.id}' has no beat '{label}' (beats: "
                       f"{', '.join(b[1] for b in self.beats)})")

    # -- using ----------------------------------------------------------------------------------
    def still(self, t, path, size=(1920, 1080)):
        """Writes the frame at time t (seconds, or a beat label) to a PNG file."""
        w, h = _size(size)
        if not os.fspath(path).lower().endswith(".png"):
            raise ValueError(f"still: the file name must end in .png, got {os.fspath(path)!r}")
        _tfviz.still([self.build()], self.id, self._time(t), os.fspath(path), w, h)
        return os.fspath(path)

    def frame(self, t, size=(1920, 1080)):
        """The frame at time t as a height x width x 3 uint8 NumPy array."""
        w, h = _size(size)
        return _tfviz.frame(self.build(), self._time(t), w, h)

    def render(self, out_dir, size=(1920, 1080), fps=60, start=None, end=None):
        """Writes out_dir/<id>/frame_000000.png ... and out_dir/manifest.json, as
        `tfviz render` does. Returns the folder of frames."""
        w, h = _size(size)
        _tfviz.render([self.build()], self.id, out=os.fspath(out_dir), width=w, height=h,
                      fps=int(fps), start=start, end=end)
        return os.path.join(os.fspath(out_dir), self.id)

    def to_video(self, path, size=(1920, 1080), fps=30):
        """Encodes the section as an H.264 MP4 (FFmpeg's libraries, in process)."""
        w, h = _size(size)
        _tfviz.render([self.build()], self.id, video=os.fspath(path), width=w, height=h,
                      fps=int(fps))
        return os.fspath(path)

    def show_window(self, **kw):
        from . import show
        show(self, **kw)

    def _time(self, t):
        if isinstance(t, str):
            return self.beat_time(t)
        t = float(t)
        if not 0 <= t <= self.duration + 1e-9:
            raise ValueError(f"time {t} is outside section '{self.id}' (0 to {self.duration:.3f} s)")
        return t

    # -- Jupyter --------------------------------------------------------------------------------
    display_size = (960, 540)

    def _repr_html_(self):
        return self.html()

    def html(self, mode="video", size=None, fps=30):
        """The section for a notebook: an embedded MP4 (mode="video"), or a strip of one image
        per beat (mode="beats", also when video cannot be encoded)."""
        w, h = _size(size or self.display_size)
        head = (f"<div><b>{_escape(self.id)}</b> · {_escape(self.title or '')} · "
                f"{self.duration:.1f} s, {len(self.beats)} beats</div>")
        if mode == "video":
            d = tempfile.mkdtemp(prefix="tfviz-")
            try:
                path = self.to_video(os.path.join(d, f"{self.id}.mp4"), size=(w, h), fps=fps)
                with open(path, "rb") as f:
                    data = base64.b64encode(f.read()).decode("ascii")
                return (head + f'<video controls width="{w}" src="data:video/mp4;base64,{data}">'
                        f"</video>")
            except RuntimeError:
                pass  # no video encoder: the beats instead
            finally:
                shutil.rmtree(d, ignore_errors=True)
        return head + self._beat_strip(w // 3, h // 3)

    def _beat_strip(self, w, h):
        d = tempfile.mkdtemp(prefix="tfviz-")
        try:
            cells = []
            for i, (t, label, _) in enumerate(self.beats):
                path = self.still(t, os.path.join(d, f"{i}.png"), size=(w - w % 2, h - h % 2))
                with open(path, "rb") as f:
                    data = base64.b64encode(f.read()).decode("ascii")
                cells.append(f'<figure style="margin:2px"><img src="data:image/png;base64,{data}">'
                             f"<figcaption>{_escape(label)}</figcaption></figure>")
            return '<div style="display:flex;flex-wrap:wrap">' + "".join(cells) + "</div>"
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def __repr__(self):
        state = f"{self.duration:.1f} s, {len(self.beats)} beats" if self._script else "not built"
        return f"<tfviz.Section '{self.id}': {state}>"


def _escape(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _math(label):
    return label.replace("$", "")


def show(*sections, start=None, frames=-1, fullscreen=False):
    """Opens the live window on these sections (then the built-in tutorial), with every key and
    panel, and returns when it is closed. frames=N closes it after N frames."""
    if not sections:
        raise ValueError("show() needs at least one section")
    for s in sections:
        if not isinstance(s, Section):
            raise TypeError(f"show() takes tfviz sections, got {s!r}")
    scripts = [s.build() for s in sections]
    _tfviz.show(scripts, start or sections[0].id, frames, fullscreen)
