// _tfviz: the engine's types, its animations and the section builder (see module.hpp).
#include <cmath>
#include <stdexcept>
#include <string>

#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include "math/format.hpp"
#include "python/module.hpp"
#include "render/palette.hpp"
#include "render/text_layout.hpp"
#include "scene/animation.hpp"
#include "scene/builder.hpp"

namespace py = pybind11;

namespace tfviz::python {

const FontAtlas& designAtlas() {
  static const FontAtlas atlas = FontAtlas::bake();
  return atlas;
}

namespace {

const char* kindName(ItemKind kind) {
  switch (kind) {
    case ItemKind::Text:
      return "a text";
    case ItemKind::Matrix:
      return "a matrix";
    case ItemKind::Box:
      return "a box";
    case ItemKind::Path:
      return "a path";
  }
  return "an item";
}

}  // namespace

SectionBuilder& Building::b() {
  if (finished) throw std::runtime_error("this section is finished: it can no longer change");
  return builder;
}

SectionKit& Building::k() {
  b();
  return kit;
}

void Building::item(ItemId id) const {
  const size_t count = builder.itemCount();
  if (id >= count) {
    throw py::index_error("item " + std::to_string(id) + " does not exist: the section has " +
                          std::to_string(count) + " items (ids 0 to " +
                          std::to_string(count == 0 ? 0 : count - 1) + ")");
  }
}

void Building::matrix(ItemId id) const {
  item(id);
  const ItemDef& d = builder.def(id);
  if (d.kind != ItemKind::Matrix) {
    throw py::type_error("item " + std::to_string(id) +
                         (d.name.empty() ? "" : " ('" + d.name + "')") + " is " + kindName(d.kind) +
                         ", not a matrix");
  }
}

void Building::cell(ItemId id, int row, int col) const {
  matrix(id);
  const MatrixDef& m = builder.def(id).matrix;
  if (row < 0 || row >= m.rows || col < 0 || col >= m.cols) {
    throw py::index_error("cell (" + std::to_string(row) + ", " + std::to_string(col) +
                          ") is outside matrix " + std::to_string(id) + ", which is " +
                          std::to_string(m.rows) + " × " + std::to_string(m.cols));
  }
}

void Building::cellIndex(ItemId id, int cell) const {
  matrix(id);
  const MatrixDef& m = builder.def(id).matrix;
  if (cell < 0 || cell >= m.rows * m.cols) {
    throw py::index_error("cell index " + std::to_string(cell) + " is outside matrix " +
                          std::to_string(id) + ", which has " + std::to_string(m.rows * m.cols) +
                          " cells (row-major, 0 to " + std::to_string(m.rows * m.cols - 1) + ")");
  }
}

void Building::anim(const Anim& a) const {
  for (const Change& c : a.changes) {
    if (isCellProp(c.prop)) {
      cellIndex(c.item, c.cell);
    } else {
      item(c.item);
    }
  }
  for (const Anim& child : a.children) anim(child);
}

namespace {

void checkFinite(double v, const char* what) {
  if (!std::isfinite(v)) throw py::value_error(std::string(what) + " must be a finite number");
}

void checkDuration(double seconds, const char* what) {
  checkFinite(seconds, what);
  if (seconds < 0)
    throw py::value_error(std::string(what) + " must be >= 0, got " + std::to_string(seconds));
}

}  // namespace

void bindScene(py::module_& m) {
  py::enum_<Ease>(m, "Ease", "How an animation's progress runs from 0 to 1.")
      .value("linear", Ease::Linear)
      .value("smooth", Ease::Smooth)
      .value("ease_in", Ease::EaseIn)
      .value("ease_out", Ease::EaseOut)
      .value("ease_in_out", Ease::EaseInOut)
      .value("there_and_back", Ease::ThereAndBack);
  m.def("apply_ease", &applyEase, py::arg("ease"), py::arg("t"));
  py::enum_<Align>(m, "Align")
      .value("left", Align::Left)
      .value("center", Align::Center)
      .value("right", Align::Right);
  py::enum_<FontFace>(m, "Face")
      .value("sans", FontFace::Sans)
      .value("mono", FontFace::Mono)
      .value("math", FontFace::Math);

  py::class_<Rect>(m, "Rect", "A rectangle in the 1920 × 1080 design space (y down).")
      .def(py::init([](glm::vec2 min, glm::vec2 max) {
             return Rect{min, max};
           }),
           py::arg("min"), py::arg("max"))
      .def_readwrite("min", &Rect::min)
      .def_readwrite("max", &Rect::max)
      .def_property_readonly("size", &Rect::size)
      .def_property_readonly("center", &Rect::center)
      .def_property_readonly("width", [](const Rect& r) { return r.size().x; })
      .def_property_readonly("height", [](const Rect& r) { return r.size().y; })
      .def("expanded", &Rect::expanded, py::arg("by"))
      .def("united", &Rect::united, py::arg("other"))
      .def("overlaps", &Rect::overlaps, py::arg("other"))
      .def("contains", &Rect::contains, py::arg("other"))
      .def("__repr__", [](const Rect& r) {
        char text[160];
        std::snprintf(text, sizeof text, "Rect(min=(%g, %g), max=(%g, %g))", r.min.x, r.min.y,
                      r.max.x, r.max.y);
        return std::string(text);
      });

  py::class_<math::NumberFormat>(m, "NumberFormat")
      .def(py::init([](int decimals) {
             if (decimals < 0 || decimals > 12)
               throw py::value_error("decimals must be 0 to 12, got " + std::to_string(decimals));
             return math::NumberFormat{.decimals = decimals};
           }),
           py::arg("decimals") = 0)
      .def_readonly("decimals", &math::NumberFormat::decimals)
      .def("__eq__",
           [](const math::NumberFormat& a, const math::NumberFormat& b) { return a == b; })
      .def("__repr__", [](const math::NumberFormat& f) {
        return "NumberFormat(decimals=" + std::to_string(f.decimals) + ")";
      });
  m.def("choose_format", &math::chooseFormat, py::arg("values"), py::arg("decimals") = 4,
        "Integers when every entry is one, else at most `decimals` places.");
  m.def("format_number", &math::formatNumber, py::arg("value"), py::arg("format"));
  m.def("format_factor", &math::formatFactor, py::arg("value"), py::arg("format"));
  m.def(
      "measure_text",
      [](FontFace face, const std::string& text, float size) {
        return measureText(designAtlas(), face, text, size);
      },
      py::arg("face"), py::arg("text"), py::arg("size"), "Width of a line of text, in design px.");
  m.def("text_words", &textWords, py::arg("text"));

  py::class_<MatrixStyle>(m, "MatrixStyle", "How a matrix looks (kit.matrix).")
      .def(py::init([](float fontSize, std::string label, float labelSize, glm::vec4 color,
                       math::NumberFormat format, float padX, float rowHeight,
                       std::string placeholder, bool hideZeros, std::vector<std::string> rowLabels,
                       std::vector<std::string> colLabels, float headerSize) {
             if (!(fontSize > 0) || !(labelSize > 0) || !(headerSize > 0) || !(rowHeight > 0) ||
                 !(padX >= 0))
               throw py::value_error("MatrixStyle: sizes must be positive");
             return MatrixStyle{fontSize,
                                std::move(label),
                                labelSize,
                                color,
                                format,
                                padX,
                                rowHeight,
                                std::move(placeholder),
                                hideZeros,
                                std::move(rowLabels),
                                std::move(colLabels),
                                headerSize};
           }),
           py::kw_only(), py::arg("font_size") = 40.0f, py::arg("label") = "",
           py::arg("label_size") = 30.0f, py::arg("color") = glm::vec4(1, 1, 1, 1),
           py::arg("format") = math::NumberFormat{}, py::arg("pad_x") = 0.55f,
           py::arg("row_height") = 1.45f, py::arg("placeholder") = "",
           py::arg("hide_zeros") = false, py::arg("row_labels") = std::vector<std::string>{},
           py::arg("col_labels") = std::vector<std::string>{}, py::arg("header_size") = 30.0f)
      .def_readwrite("font_size", &MatrixStyle::fontSize)
      .def_readwrite("label", &MatrixStyle::label)
      .def_readwrite("label_size", &MatrixStyle::labelSize)
      .def_readwrite("color", &MatrixStyle::color)
      .def_readwrite("format", &MatrixStyle::format)
      .def_readwrite("pad_x", &MatrixStyle::padX)
      .def_readwrite("row_height", &MatrixStyle::rowHeight)
      .def_readwrite("placeholder", &MatrixStyle::placeholder)
      .def_readwrite("hide_zeros", &MatrixStyle::hideZeros)
      .def_readwrite("row_labels", &MatrixStyle::rowLabels)
      .def_readwrite("col_labels", &MatrixStyle::colLabels)
      .def_readwrite("header_size", &MatrixStyle::headerSize);

  py::class_<ItemState>(m, "ItemState", "An item's animated state at one moment.")
      .def(py::init([](glm::vec2 pos, float opacity, float scale, glm::vec4 color, glm::vec2 size,
                       float reveal) {
             ItemState s;
             s.pos = pos;
             s.opacity = opacity;
             s.scale = scale;
             s.color = color;
             s.size = size;
             s.reveal = reveal;
             return s;
           }),
           py::kw_only(), py::arg("pos") = glm::vec2(960, 540), py::arg("opacity") = 0.0f,
           py::arg("scale") = 1.0f, py::arg("color") = glm::vec4(1, 1, 1, 1),
           py::arg("size") = glm::vec2(0, 0), py::arg("reveal") = 1.0f)
      .def_readwrite("pos", &ItemState::pos)
      .def_readwrite("size", &ItemState::size)
      .def_readwrite("scale", &ItemState::scale)
      .def_readwrite("opacity", &ItemState::opacity)
      .def_readwrite("color", &ItemState::color)
      .def_readwrite("reveal", &ItemState::reveal);

  py::class_<ItemDef>(m, "ItemDef", "An item's definition, before it is added.")
      .def_readwrite("name", &ItemDef::name)
      .def_readwrite("layer", &ItemDef::layer)
      .def_property_readonly("kind", [](const ItemDef& d) {
        const std::string name = kindName(d.kind);  // "a text": the word after the article
        return name.substr(name.find(' ') + 1);
      });
  m.def("make_text", &makeText, py::arg("text"), py::arg("size"), py::arg("face") = FontFace::Sans,
        py::arg("align") = Align::Center);
  m.def("make_box", &makeBox, py::arg("stroke_width") = 4.0f, py::arg("radius") = 10.0f,
        py::arg("fill") = glm::vec4(0, 0, 0, 0));
  m.def("make_solid", &makeSolid, py::arg("radius"));
  m.def(
      "make_path",
      [](std::vector<glm::vec2> points, float width, float arrow, bool closed) {
        if (points.size() < 2) throw py::value_error("a path needs at least 2 points");
        return makePath(std::move(points), width, arrow, closed);
      },
      py::arg("points"), py::arg("width") = 4.0f, py::arg("arrow_size") = 0.0f,
      py::arg("closed") = false);

  // Animations: data, composed like Manim's, played by Builder.play.
  py::class_<Anim>(m, "Anim", "An animation: a leaf, or a group, succession or lagged start.")
      .def_property_readonly("span", &naturalSpan, "Its length in its own relative time.");
  m.def("fade_in", &fadeIn, py::arg("item"));
  m.def("fade_out", &fadeOut, py::arg("item"));
  m.def("fade_to", &fadeTo, py::arg("item"), py::arg("opacity"));
  m.def("write", &write, py::arg("item"), "Text revealed glyph by glyph.");
  m.def("create", &create, py::arg("item"), "A box or path drawn along its outline.");
  m.def("move_to", &moveTo, py::arg("item"), py::arg("pos"));
  m.def("scale_to", &scaleTo, py::arg("item"), py::arg("scale"));
  m.def("recolor", &recolor, py::arg("item"), py::arg("color"));
  m.def("surround", &surround, py::arg("box"), py::arg("target"));
  m.def("cell_color", &cellColor, py::arg("matrix"), py::arg("cell"), py::arg("color"));
  m.def("cell_opacity", &cellOpacity, py::arg("matrix"), py::arg("cell"), py::arg("opacity"));
  m.def("cell_highlight", &cellHighlight, py::arg("matrix"), py::arg("cell"), py::arg("amount"));
  m.def("cell_text", &cellText, py::arg("matrix"), py::arg("cell"), py::arg("text"));
  m.def("cell_fill", &cellFill, py::arg("matrix"), py::arg("cell"), py::arg("color"));
  m.def("transform_cells", &transformCells, py::arg("matrix"), py::arg("texts"),
        py::arg("lag") = 0.25);
  m.def(
      "pause",
      [](double s) {
        checkDuration(s, "pause");
        return pause(s);
      },
      py::arg("duration"));
  m.def(
      "with_duration",
      [](Anim a, double d) {
        checkDuration(d, "with_duration");
        return withDuration(std::move(a), d);
      },
      py::arg("anim"), py::arg("duration"));
  m.def("with_ease", &withEase, py::arg("anim"), py::arg("ease"));
  m.def("group", &group, py::arg("children"));
  m.def("succession", &succession, py::arg("children"));
  m.def(
      "lagged_start",
      [](double lag, std::vector<Anim> children) {
        checkDuration(lag, "lag");
        return laggedStart(lag, std::move(children));
      },
      py::arg("lag"), py::arg("children"));

  py::class_<Beat>(m, "Beat")
      .def_readonly("time", &Beat::time)
      .def_readonly("label", &Beat::label)
      .def_readonly("note", &Beat::note)
      .def("__repr__",
           [](const Beat& b) { return "Beat(" + std::to_string(b.time) + ", '" + b.label + "')"; });

  py::class_<SectionScript, std::shared_ptr<SectionScript>>(
      m, "Script", "A section built into its immutable timeline.")
      .def_readonly("id", &SectionScript::id)
      .def_readonly("title", &SectionScript::title)
      .def_readonly("duration", &SectionScript::duration)
      .def_readonly("beats", &SectionScript::beats)
      .def_property_readonly("item_count", [](const SectionScript& s) { return s.items.size(); })
      .def_property_readonly("clip_count", [](const SectionScript& s) { return s.clips.size(); })
      .def(
          "opacity_at",
          [](const SectionScript& s, ItemId id, double t) {
            if (id >= s.items.size()) throw py::index_error("no item " + std::to_string(id));
            return evaluate(s, t).items[id].opacity;
          },
          py::arg("item"), py::arg("t"), "An item's opacity at time t (for tests).");

  py::class_<Building>(m, "Builder",
                       "Authors one section (add, play, wait, beat) into a timeline; its `kit` "
                       "holds the shared visual language.")
      .def(py::init<std::string, std::string>(), py::arg("id"), py::arg("title"))
      .def(
          "add",
          [](Building& s, const ItemDef& def, const ItemState& state) {
            if (def.kind == ItemKind::Matrix)
              throw py::type_error("add a matrix with kit.matrix, which sizes its cells");
            return s.k().add(def, state);
          },
          py::arg("definition"), py::arg("state"))
      .def(
          "play",
          [](Building& s, const Anim& a, double runTime, Ease ease, bool advance) {
            checkDuration(runTime, "run_time");
            s.anim(a);
            s.b().play(a, PlayOptions{.runTime = runTime, .ease = ease, .advance = advance});
          },
          py::arg("anim"), py::arg("run_time") = 1.0, py::arg("ease") = Ease::Smooth,
          py::arg("advance") = true)
      .def(
          "wait",
          [](Building& s, double seconds) {
            checkDuration(seconds, "wait");
            s.b().wait(seconds);
          },
          py::arg("seconds") = 1.0)
      .def(
          "beat",
          [](Building& s, std::string label, std::string note) {
            if (label.empty()) throw py::value_error("a beat needs a label");
            s.b().beat(std::move(label), std::move(note));
          },
          py::arg("label"), py::arg("note") = "")
      .def(
          "allow_overlap",
          [](Building& s, ItemId a, ItemId b) {
            s.item(a);
            s.item(b);
            s.b().allowOverlap(a, b);
          },
          py::arg("a"), py::arg("b"))
      .def(
          "transform",
          [](Building& s, ItemId from, ItemId to) {
            s.item(from);
            s.item(to);
            return s.b().transform(from, to);
          },
          py::arg("source"), py::arg("target"))
      .def(
          "transform_matching",
          [](Building& s, ItemId from, ItemId to) {
            s.item(from);
            s.item(to);
            return s.b().transformMatching(from, to);
          },
          py::arg("source"), py::arg("target"))
      .def(
          "record_product",
          [](Building& s, ItemId lhs, ItemId rhs, ItemId result, const Eigen::MatrixXd& a,
             const Eigen::MatrixXd& b, const math::NumberFormat& format) {
            for (ItemId id : {lhs, rhs, result}) s.matrix(id);
            if (a.cols() != b.rows())
              throw py::value_error("record_product: a has " + std::to_string(a.cols()) +
                                    " columns but b has " + std::to_string(b.rows()) + " rows");
            s.b().recordProduct(lhs, rhs, result, a, b, format);
          },
          py::arg("lhs"), py::arg("rhs"), py::arg("result"), py::arg("a"), py::arg("b"),
          py::arg("format"))
      .def_property_readonly("now", [](Building& s) { return s.b().now(); })
      .def_property_readonly("item_count", [](Building& s) { return s.builder.itemCount(); })
      .def(
          "state",
          [](Building& s, ItemId id) {
            s.item(id);
            return s.b().state(id);
          },
          py::arg("item"), "The item's state at the authoring playhead (a copy).")
      .def(
          "definition",
          [](Building& s, ItemId id) {
            s.item(id);
            return s.b().def(id);
          },
          py::arg("item"))
      .def(
          "bounds",
          [](Building& s, ItemId id) {
            s.item(id);
            return s.b().bounds(id);
          },
          py::arg("item"))
      .def(
          "cell_bounds",
          [](Building& s, ItemId id, int row, int col) {
            s.cell(id, row, col);
            return s.b().cellBounds(id, row, col);
          },
          py::arg("matrix"), py::arg("row"), py::arg("col"))
      .def(
          "row_bounds",
          [](Building& s, ItemId id, int row) {
            s.cell(id, row, 0);
            return s.b().rowBounds(id, row);
          },
          py::arg("matrix"), py::arg("row"))
      .def(
          "col_bounds",
          [](Building& s, ItemId id, int col) {
            s.cell(id, 0, col);
            return s.b().colBounds(id, col);
          },
          py::arg("matrix"), py::arg("col"))
      .def(
          "cell_index",
          [](Building& s, ItemId id, int row, int col) {
            s.cell(id, row, col);
            return s.b().cellIndex(id, row, col);
          },
          py::arg("matrix"), py::arg("row"), py::arg("col"))
      .def(
          "finish",
          [](Building& s) {
            SectionBuilder& b = s.b();
            s.acts.clear();  // open acts clear up, as a C++ act does when it ends
            s.finished = true;
            return std::make_shared<SectionScript>(std::move(b).finish());
          },
          "Ends the section and returns its timeline (once).");
}

}  // namespace tfviz::python
