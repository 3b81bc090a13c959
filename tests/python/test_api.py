"""The Python API: authoring a section, using it (still, frame, render, video), and the errors
bad arguments raise."""

import json
import os

import numpy as np
import pytest

import tfviz
from tfviz import _tfviz


class Two(tfviz.Section):
    id = "api-two"
    title = "Two matrices"

    def construct(self):
        self.caption("A row and a column, then their product")
        a = self.matrix([[1, 2, 3]], label="$a$", role="input")
        b = self.matrix(np.array([[4], [5], [6]]), label="$b$", role="weight")
        self.kit.place_row([a, b], tfviz.layout.CONTENT_Y, 80)
        self.play(tfviz.fade_in(a), tfviz.fade_in(b), run_time=1.0)
        self.beat("operands", "a row and a column")
        box = self.kit.box_around(a, seconds=0.5)
        self.play(tfviz.with_ease(tfviz.scale_to(a, 1.2), tfviz.Ease.there_and_back),
                  run_time=0.8)
        self.play(tfviz.lagged_start(0.3, [tfviz.fade_out(box), tfviz.recolor(b, tfviz.color("key"))]),
                  run_time=1.0)
        self.wait(0.5)
        self.stop("done", "the end", "One row times one column is one number.", 1.0)


def test_a_section_builds_once_into_a_timeline():
    s = Two()
    assert s.duration > 3
    labels = [b[1] for b in s.beats]
    assert labels == ["operands", "done"]
    assert s.beats[0][2] == "a row and a column"
    assert s.build() is s.build()  # built once
    assert s.script.id == "api-two" and s.script.title == "Two matrices"
    assert s.beat_time("operands") == pytest.approx(s.beats[0][0])
    with pytest.raises(KeyError, match="no beat 'nope'"):
        s.beat_time("nope")


def test_frames_show_the_items_and_are_byte_identical_run_after_run(tmp_path):
    s = Two()
    t = s.beat_time("operands")
    f = s.frame(t, (480, 270))
    assert f.shape == (270, 480, 3) and f.dtype == np.uint8
    blank = s.frame(0.0, (480, 270))
    assert not np.array_equal(f, blank)  # the matrices are there at the beat
    s.still(t, tmp_path / "a.png", size=(640, 360))
    s.still("operands", tmp_path / "b.png", size=(640, 360))
    a = (tmp_path / "a.png").read_bytes()
    assert a[:8] == b"\x89PNG\r\n\x1a\n" and a == (tmp_path / "b.png").read_bytes()
    # A section built again, in a fresh object, draws the same pixels.
    assert np.array_equal(Two().frame(t, (480, 270)), f)


def test_render_writes_frames_and_the_manifest_as_the_command_line_does(tmp_path):
    s = Two()
    folder = s.render(tmp_path / "out", size=(320, 180), fps=10)
    frames = sorted(os.listdir(folder))
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    entry = manifest["sections"][0]
    assert entry["id"] == "api-two"
    assert len(frames) == entry["frame_count"] == int(s.duration * 10 + 1e-6) + 1
    assert [b["label"] for b in entry["beats"]] == ["operands", "done"]


def test_to_video_writes_an_mp4(tmp_path):
    path = Two().to_video(tmp_path / "two.mp4", size=(320, 180), fps=10)
    data = open(path, "rb").read()
    assert data[4:8] == b"ftyp" and len(data) > 1000


def test_jupyter_display_embeds_a_video_or_the_beats():
    s = Two()
    s.display_size = (320, 180)
    html = s._repr_html_()
    assert "<video" in html and "data:video/mp4;base64," in html
    strip = s.html(mode="beats")
    assert strip.count("<img") == len(s.beats) and "operands" in strip


def test_explain_matmul_steps_through_every_entry():
    a = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    b = [[1, 0, 2], [0, 1, 3]]
    s = tfviz.explain_matmul(a, b)
    labels = [x[1] for x in s.beats]
    assert [l for l in labels if l.startswith("entry (")] == [
        f"entry ({i}, {j})" for i in range(3) for j in range(3)]
    # The notes carry the real products of each entry.
    notes = dict((x[1], x[2]) for x in s.beats)
    assert notes["entry (2, 2)"].endswith("5·2 + 6·3 = 28")
    assert np.array_equal(s.result, a @ np.array(b))


def test_explain_matmul_takes_torch_tensors_and_nn_linear():
    torch = pytest.importorskip("torch")
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    lin = torch.nn.Linear(2, 3, bias=False)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
    s = tfviz.explain_matmul(x, lin)
    assert np.allclose(s.result, lin(x).detach().numpy())  # x @ weight.T, as the layer computes
    assert s.result.shape == (2, 3)


def test_the_kit_and_the_engine_animations_are_reachable():
    class Kit(tfviz.Section):
        id = "api-kit"
        title = "Kit"

        def construct(self):
            k = self.kit
            m = self.matrix([[0.25, -1], [2, 3]], label="$W$", role="weight", tokens=["x", "y"])
            out = self.matrix([[0, 0], [0, 0]], label="out", role="result", placeholder=True)
            k.lay_out_row([m, out], tfviz.layout.CONTENT_Y)
            k.show([m, out], 1.0, 0.2)
            with k.part("Filling cells") as act:
                k.fill_cells(out, np.array([[1, 2], [3, 4]]), seconds=1.0)
                anim, box = k.walk_box(None, self.b.row_bounds(m, 0), [m])
                self.play(anim, run_time=0.5)
                anim, _ = k.walk_box(box, self.b.row_bounds(m, 1), [m])
                self.play(anim, run_time=0.5)
                act.adopt(box)
            heat = tfviz.HeatScale.diverging(np.array([[0.25, -1], [2, 3]]))
            self.play(k.heat_up(m, np.array([[0.25, -1], [2, 3]]), heat), run_time=1.0)
            self.play(tfviz.succession([tfviz.pause(0.2), tfviz.fade_to(out, 0.5)]), run_time=0.5)
            self.beat("end")

    s = Kit()
    assert s.beats[-1][1] == "end"
    f = s.frame(s.duration, (480, 270))
    assert f.mean() > 5  # something is drawn


def test_an_act_clears_what_it_added():
    class Act(tfviz.Section):
        id = "api-act"
        title = "Act"

        def construct(self):
            with self.kit.act():
                self.shown = self.text("gone soon", size=40, pos=(960, 500))
                self.show(self.shown)
            self.beat("after")

    s = Act()
    assert s.script.opacity_at(s.shown, s.duration) == 0.0


@pytest.mark.parametrize("make, error, match", [
    (lambda self: self.matrix([[1, float("nan")]]), ValueError, r"entry \(0, 1\) is nan"),
    (lambda self: self.matrix([[[1]]]), ValueError, "3 dimensions"),
    (lambda self: self.matrix([]), ValueError, "empty"),
    (lambda self: self.matrix([[1, 2]], role="purple"), ValueError, "unknown colour role 'purple'"),
    (lambda self: self.matrix(np.zeros((2, 2)), tokens=["a"]), ValueError, "1 tokens for 2 rows"),
    (lambda self: self.play(tfviz.fade_in(999)), IndexError, "item 999 does not exist"),
    (lambda self: self.play(), ValueError, "at least one animation"),
    (lambda self: self.play("fade"), TypeError, "takes animations"),
    (lambda self: self.play(tfviz.fade_in(0), ease="bouncy"), ValueError, "unknown ease 'bouncy'"),
    (lambda self: self.wait(-1), ValueError, "wait must be >= 0"),
    (lambda self: self.play(tfviz.fade_in(0), run_time=float("inf")), ValueError, "finite"),
    (lambda self: self.beat(""), ValueError, "needs a label"),
    (lambda self: self.b.cell_bounds(self.matrix([[1, 2]]), 3, 0), IndexError,
     r"cell \(3, 0\) is outside matrix"),
    (lambda self: self.b.cell_bounds(self.text("x"), 0, 0), TypeError, "is a text, not a matrix"),
    (lambda self: self.play(tfviz.cell_highlight(self.matrix([[1, 2]]), 5, 1.0)), IndexError,
     "cell index 5 is outside"),
    (lambda self: self.kit.fill_cells(self.matrix([[1, 2]]), np.zeros((2, 2))), ValueError,
     r"values are 2 × 2 but matrix \d+ is 1 × 2"),
    (lambda self: self.product([[1, 2]], [[1, 2]]), ValueError,
     r"A is 1 × 2 but B is 1 × 2: A needs as many columns as B has rows"),
    (lambda self: self.kit.move_box(12345, tfviz.Rect((0, 0), (1, 1))), IndexError, "item 12345"),
])
def test_bad_arguments_raise_a_clear_exception(make, error, match):
    class Bad(tfviz.Section):
        id = "api-bad"
        title = "Bad"

        def construct(self):
            make(self)

    with pytest.raises(error, match=match):
        Bad().build()


def test_a_finished_section_cannot_change():
    s = Two()
    s.build()
    b = _tfviz.Builder("x", "y")
    b.finish()
    with pytest.raises(RuntimeError, match="finished"):
        b.wait(1)
    with pytest.raises(RuntimeError, match="finished"):
        b.finish()


def test_using_a_section_checks_its_arguments(tmp_path):
    s = Two()
    with pytest.raises(ValueError, match="outside section 'api-two'"):
        s.still(999, tmp_path / "x.png")
    with pytest.raises(ValueError, match="size 0x10"):
        s.still(0, tmp_path / "x.png", size=(0, 10))
    with pytest.raises(ValueError, match="must end in .png|\\.png"):
        s.still(0, tmp_path / "x.jpg")
    with pytest.raises(ValueError, match="is not writable|does not exist"):
        s.still(0, "/nonexistent-folder/x.png")
    assert not (tmp_path / "x.png").exists()
    with pytest.raises(ValueError, match="even width and height"):
        s.to_video(tmp_path / "v.mp4", size=(321, 180))
    with pytest.raises(ValueError, match="section id"):
        tfviz.Section(id="bad id!")
    with pytest.raises(ValueError, match="built-in section"):
        tfviz.Section.__init__(s, id="s02-dot-product")
        s._script = None
        s.still(0, tmp_path / "y.png")
    with pytest.raises(NotImplementedError, match="must define construct"):
        tfviz.Section(id="empty").build()
