"""tfviz: sections that explain transformers, written in Python and drawn by tfviz's engine.

    import tfviz

    class Dot(tfviz.Section):
        id = "my-dot"
        title = "A dot product"

        def construct(self):
            a = self.matrix([[1, 2, 3]], label="$a$", role="input")
            ...

    tfviz.explain_attention(x, nn.Linear(2, 2, bias=False), tokens=["the", "cat"])
    section.still(0.5, "frame.png"); section.render("out"); section.to_video("s.mp4")
    tfviz.show(section)

README "Write your own scene" has a complete example.
"""

try:
    from . import _tfviz
except ImportError as e:  # pragma: no cover - a message for a missing build
    raise ImportError(
        "tfviz: the compiled module is missing; build it with tools/run or tools/test and put "
        "build/<dir>/python on sys.path (tools/python-path prints the folder)") from e

from ._tfviz import (  # noqa: F401  the engine's animations and types, as C++ sections use them
    Align, Anim, Ease, Face, HeatScale, ItemState, MatrixStyle, NumberFormat, PALETTE, Product,
    Rect, cell_color, cell_fill, cell_highlight, cell_opacity, cell_text, cell_texts,
    cells_opacity, choose_format, create, example_style, fade_in, fade_out, fade_to, fit_row,
    format_factor, format_number, group, lagged_start, layout, light_cells, make_box, make_path,
    make_solid, make_text, measure_text, move_to, numbered, pause, quoted, recolor, scale_to,
    shape_text, succession, surround, text_words, transform_cells, tuple_text, with_commas,
    with_duration, with_ease, write)
from .explain import explain_attention, explain_matmul  # noqa: F401
from .section import Section, color, ease_of, show  # noqa: F401


def builtin(id):
    """A built-in section's timeline, by id (tfviz list shows them)."""
    return _tfviz.builtin(id)


def section_ids():
    return _tfviz.section_ids()


from . import _scene  # noqa: E402,F401  (tfviz --scene runs scene files through it)


def scene_sections(path):
    """The sections a scene file defines (what `tfviz --scene path` shows), unbuilt."""
    return _scene.sections_of(path)
