"""Runs examples/notebook/attention_with_tfviz.ipynb end to end in a fresh kernel, as a reader
would after the one documented step (the build's python folder on PYTHONPATH), and checks what it
printed, displayed and wrote."""

import base64
import os
import re

import pytest

import conftest

torch = pytest.importorskip("torch")
nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = os.path.join(conftest.EXAMPLES, "notebook", "attention_with_tfviz.ipynb")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    work = tmp_path_factory.mktemp("notebook")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    env = dict(os.environ)
    path = os.path.join(conftest.BUILD, "python")
    env["PYTHONPATH"] = path + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(work)}})
    client.execute(env=env, cwd=str(work))
    return nb, work


def _outputs(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            yield from cell.get("outputs", [])


def _text(nb):
    return "".join(o.get("text", "") for o in _outputs(nb) if o.output_type == "stream")


def test_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_no_errors(executed):
    nb, _ = executed
    errors = [o for o in _outputs(nb) if o.output_type == "error"]
    assert not errors, "\n".join(f"{e.ename}: {e.evalue}" for e in errors)
    stderr = "".join(o.text for o in _outputs(nb)
                     if o.output_type == "stream" and o.name == "stderr")
    assert "Traceback" not in stderr and "Error" not in stderr, stderr


def test_torch_numbers_printed(executed):
    text = _text(executed[0])
    squashed = re.sub(r"\s+", " ", text)
    # the integer example: queries and attention map as torch prints them
    assert "[ 0., -8., -2.]" in squashed
    assert "[-10., 68., -2.]" in squashed
    # the decimal example: the seed's first cell printed these queries
    for row in ("[ 0.0915, -0.0590]", "[-0.0078, -0.0151]", "[ 0.1314, -0.0071]"):
        assert row in squashed, row


def test_check_cells(executed):
    text = _text(executed[0])
    for line in ("integer example, queries match torch: True",
                 "integer example, scores match torch: True",
                 "decimal example, queries match torch: True",
                 "decimal example, scores match torch: True",
                 "as the Manim scenes computed it, matches torch: False",
                 "explain_matmul result equals w_query(hidden): True"):
        assert line in text, line


def _html(nb):
    return [o["data"]["text/html"] for o in _outputs(nb)
            if o.output_type in ("execute_result", "display_data") and "text/html" in o["data"]]


def test_sections_displayed_inline(executed):
    html = _html(executed[0])
    media = [h for h in html if "<video" in h or "<img" in h]
    assert len(media) >= 3, f"{len(html)} HTML outputs, {len(media)} with a video or images"
    # the bare `product` expression goes through Section._repr_html_
    assert any("query-product" in h for h in media)
    # the beat strip: one image per stop of the custom scene (3 stops and the end)
    strip = [h for h in html if "linear-convention" in h]
    assert strip and strip[0].count("<img") == 4
    for h in media:
        m = re.search(r'src="data:(video/mp4|image/png);base64,([A-Za-z0-9+/=]{100,})"', h)
        assert m, h[:200]
        data = base64.b64decode(m.group(2))
        if m.group(1) == "image/png":
            assert data.startswith(PNG_MAGIC)
        else:
            assert data[4:8] == b"ftyp"


def test_png_outputs(executed):
    nb, _ = executed
    images = [o["data"]["image/png"] for o in _outputs(nb)
              if o.output_type in ("execute_result", "display_data") and "image/png" in o["data"]]
    assert len(images) >= 3
    assert all(base64.b64decode(i).startswith(PNG_MAGIC) for i in images)


def test_files_written(executed):
    _, work = executed
    for name in ("integers_queries.png", "integers_query_entry.png",
                 "integers_attention_map.png", "decimals_queries.png", "linear_convention.png"):
        p = work / name
        assert p.is_file(), name
        with open(p, "rb") as f:
            assert f.read(8) == PNG_MAGIC, name
        assert p.stat().st_size > 5000, name  # a drawn frame, not an empty image
    frames = work / "linear_convention_frames" / "linear-convention"
    pngs = sorted(frames.glob("frame_*.png"))
    assert len(pngs) >= 100, len(pngs)  # about 10 s at 12 frames a second
    assert (work / "linear_convention_frames" / "manifest.json").is_file()
