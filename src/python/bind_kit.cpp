// _tfviz: the kit (SectionKit and its topic files) and heat scales, as methods of Builder.kit
// (see module.hpp). Every id, cell and matrix shape is checked first.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <pybind11/eigen.h>
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "python/module.hpp"
#include "scene/heat.hpp"
#include "scene/kit.hpp"
#include "scene/kit/lines.hpp"
#include "scene/kit/marks.hpp"
#include "scene/kit/panel.hpp"
#include "scene/kit/words.hpp"

namespace py = pybind11;

namespace tfviz::python {
namespace {

// The kit of a section being built (Builder.kit): every method checks the section first.
struct Kit {
  Building* s;
};

// A kit::Act as a Python context manager: `with kit.act() as act:` (or kit.part(caption)).
struct PyAct {
  Building* s;
  kit::Act* act = nullptr;
  void close() {
    for (auto it = s->acts.begin(); it != s->acts.end(); ++it) {
      if (it->get() == act) {
        s->acts.erase(it);  // the act's end clears what it still shows
        break;
      }
    }
    act = nullptr;
  }
  kit::Act& get() {
    if (act == nullptr) throw std::runtime_error("this act has ended");
    return *act;
  }
};

void checkValues(const Eigen::MatrixXd& v, const char* what) {
  if (v.rows() == 0 || v.cols() == 0)
    throw py::value_error(std::string(what) + " is empty (" + std::to_string(v.rows()) + " × " +
                          std::to_string(v.cols()) + ")");
  if (v.rows() > 64 || v.cols() > 64)
    throw py::value_error(std::string(what) + " is " + std::to_string(v.rows()) + " × " +
                          std::to_string(v.cols()) +
                          ": at most 64 × 64 entries fit on screen as numbers");
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if (std::isnan(v.data()[i]))
      throw py::value_error(std::string(what) + " has NaN at (" + std::to_string(i % v.rows()) +
                            ", " + std::to_string(i / v.rows()) + ")");
  }
}

void checkSameShape(ItemId id, const Building& s, const Eigen::MatrixXd& v) {
  const MatrixDef& m = s.builder.def(id).matrix;
  if (v.rows() != m.rows || v.cols() != m.cols)
    throw py::value_error("values are " + std::to_string(v.rows()) + " × " +
                          std::to_string(v.cols()) + " but matrix " + std::to_string(id) + " is " +
                          std::to_string(m.rows) + " × " + std::to_string(m.cols));
}

void checkLabels(const MatrixStyle& st, const Eigen::MatrixXd& v) {
  if (!st.rowLabels.empty() && static_cast<Eigen::Index>(st.rowLabels.size()) != v.rows())
    throw py::value_error(std::to_string(st.rowLabels.size()) + " row labels for a matrix of " +
                          std::to_string(v.rows()) + " rows");
  if (!st.colLabels.empty() && static_cast<Eigen::Index>(st.colLabels.size()) != v.cols())
    throw py::value_error(std::to_string(st.colLabels.size()) + " column labels for a matrix of " +
                          std::to_string(v.cols()) + " columns");
}

void checkItems(const Building& s, const std::vector<ItemId>& ids) {
  for (ItemId id : ids) s.item(id);
}

kit::CellFill cellFill(std::optional<math::NumberFormat> format, glm::vec4 color, double seconds,
                       double lag, bool hideZeros, bool recolor, std::vector<int> cells,
                       std::optional<HeatScale> heat) {
  if (!(seconds >= 0) || !(lag >= 0)) throw py::value_error("seconds and lag must be >= 0");
  return kit::CellFill{format, color, seconds, lag, hideZeros, recolor, std::move(cells), heat};
}

}  // namespace

void bindKit(py::module_& m) {
  py::class_<HeatScale>(m, "HeatScale", "Cell colours by value: diverging or sequential.")
      .def_static(
          "diverging",
          [](const Eigen::MatrixXd& v) {
            checkValues(v, "values");
            return HeatScale::diverging(v);
          },
          py::arg("values"))
      .def_static("sequential", &HeatScale::sequential, py::arg("lo") = 0.0, py::arg("hi") = 1.0)
      .def_readonly("lo", &HeatScale::lo)
      .def_readonly("hi", &HeatScale::hi)
      .def("position", &HeatScale::position, py::arg("value"))
      .def("fill", &HeatScale::fill, py::arg("value"));

  py::class_<Product>(m, "Product", "lhs × rhs = result on one row (kit.lay_out_product).")
      .def_readonly("lhs", &Product::lhs)
      .def_readonly("rhs", &Product::rhs)
      .def_readonly("result", &Product::result)
      .def_readonly("times", &Product::times)
      .def_readonly("equals", &Product::equals);

  py::class_<PyAct>(m, "Act",
                    "A part of a section that clears what it added when it ends (`with`).")
      .def("__enter__", [](PyAct& a) -> PyAct& { return a; })
      .def("__exit__",
           [](PyAct& a, py::object type, py::object, py::object) {
             if (!type.is_none()) {
               a.act = nullptr;  // an exception: leave the section as it is, it will not finish
               return false;
             }
             a.close();
             return false;
           })
      .def(
          "adopt",
          [](PyAct& a, ItemId id) {
            a.s->item(id);
            a.get().adopt(id);
          },
          py::arg("item"))
      .def(
          "keep",
          [](PyAct& a, ItemId id) {
            a.s->item(id);
            a.get().keep(id);
          },
          py::arg("item"))
      .def("items", [](PyAct& a) { return a.get().items(); })
      .def(
          "clear", [](PyAct& a, double seconds) { a.get().clear(seconds); },
          py::arg("seconds") = 0.6)
      .def(
          "clear_under", [](PyAct& a, double seconds) { a.get().clearUnder(seconds); },
          py::arg("seconds") = 0.6)
      .def(
          "clear_into",
          [](PyAct& a, ItemId target, double seconds) {
            a.s->item(target);
            a.get().clearInto(target, seconds);
          },
          py::arg("target"), py::arg("seconds") = 1.0);

  py::class_<Kit> kit(m, "Kit", "The kit: what every section shares (see scene/kit.hpp).");
  m.attr("Builder").cast<py::class_<Building>>().def_property_readonly(
      "kit", [](Building& s) { return Kit{&s}; }, py::keep_alive<0, 1>());

  kit.def(
         "text",
         [](Kit k, const std::string& text, float size, glm::vec2 pos, glm::vec4 color,
            FontFace face,
            Align align) { return k.s->k().text(text, size, pos, color, face, align); },
         py::arg("text"), py::arg("size"), py::arg("pos"), py::arg("color") = palette::kText,
         py::arg("face") = FontFace::Sans, py::arg("align") = Align::Center)
      .def(
          "title", [](Kit k, const std::string& s) { return k.s->k().title(s); }, py::arg("text"))
      .def(
          "caption", [](Kit k, const std::string& s) { k.s->k().caption(s); }, py::arg("text"))
      .def(
          "note", [](Kit k, const std::string& s) { k.s->k().note(s); }, py::arg("text"))
      .def(
          "calc",
          [](Kit k, const std::string& s, float size, FontFace face) {
            k.s->k().calc(s, size, face);
          },
          py::arg("text"), py::arg("size") = 34.0f, py::arg("face") = FontFace::Sans)
      .def(
          "adopt_calc",
          [](Kit k, ItemId id) {
            k.s->item(id);
            k.s->k().adoptCalc(id);
          },
          py::arg("item"))
      .def(
          "stop",
          [](Kit k, const std::string& label, const std::string& note,
             std::optional<std::string> onScreen, double hold) {
            if (label.empty()) throw py::value_error("a stop needs a label");
            if (!(hold >= 0)) throw py::value_error("hold must be >= 0");
            k.s->k().stop(label, note, kit::Stop{.onScreen = std::move(onScreen), .hold = hold});
          },
          py::arg("label"), py::arg("note") = "", py::arg("on_screen") = py::none(),
          py::arg("hold") = 1.0)
      .def(
          "show",
          [](Kit k, const std::vector<ItemId>& items, double seconds, double lag) {
            checkItems(*k.s, items);
            k.s->k().show(items, seconds, lag);
          },
          py::arg("items"), py::arg("seconds") = 1.0, py::arg("lag") = 0.0)
      .def(
          "sign", [](Kit k, const std::string& s, float size) { return k.s->k().sign(s, size); },
          py::arg("text"), py::arg("size") = 56.0f)
      .def(
          "named_text",
          [](Kit k, const std::string& name, const std::string& s, float size, glm::vec2 pos,
             glm::vec4 color) { return k.s->k().namedText(name, s, size, pos, color); },
          py::arg("name"), py::arg("text"), py::arg("size"), py::arg("pos"),
          py::arg("color") = palette::kText)
      .def(
          "text_block",
          [](Kit k, const std::vector<std::string>& lines, float size, float y, float spacing,
             glm::vec4 color) { return k.s->k().textBlock(lines, size, y, spacing, color); },
          py::arg("lines"), py::arg("size"), py::arg("y"), py::arg("spacing"),
          py::arg("color") = palette::kText)
      .def(
          "matrix",
          [](Kit k, const Eigen::MatrixXd& values, const MatrixStyle& style, bool placeholder) {
            checkValues(values, "the matrix");
            checkLabels(style, values);
            return k.s->k().matrix(values, style, placeholder);
          },
          py::arg("values"), py::arg("style"), py::arg("placeholder") = false)
      .def(
          "fill_cells",
          [](Kit k, ItemId id, const Eigen::MatrixXd& values,
             std::optional<math::NumberFormat> format, glm::vec4 color, double seconds, double lag,
             bool hideZeros, bool recolor, std::vector<int> cells, std::optional<HeatScale> heat) {
            k.s->matrix(id);
            checkSameShape(id, *k.s, values);
            for (int c : cells) k.s->cellIndex(id, c);
            k.s->k().fillCells(
                id, values,
                cellFill(format, color, seconds, lag, hideZeros, recolor, std::move(cells), heat));
          },
          py::arg("matrix"), py::arg("values"), py::kw_only(), py::arg("format") = py::none(),
          py::arg("color") = palette::kResult, py::arg("seconds") = 1.5, py::arg("lag") = 0.25,
          py::arg("hide_zeros") = false, py::arg("recolor") = true,
          py::arg("cells") = std::vector<int>{}, py::arg("heat") = py::none())
      .def(
          "fill_row",
          [](Kit k, ItemId id, int row, const Eigen::MatrixXd& values,
             std::optional<math::NumberFormat> format, glm::vec4 color, double seconds, double lag,
             bool hideZeros, bool recolor, std::optional<HeatScale> heat) {
            k.s->cell(id, row, 0);
            checkSameShape(id, *k.s, values);
            k.s->k().fillRow(id, row, values,
                             cellFill(format, color, seconds, lag, hideZeros, recolor, {}, heat));
          },
          py::arg("matrix"), py::arg("row"), py::arg("values"), py::kw_only(),
          py::arg("format") = py::none(), py::arg("color") = palette::kResult,
          py::arg("seconds") = 1.5, py::arg("lag") = 0.25, py::arg("hide_zeros") = false,
          py::arg("recolor") = true, py::arg("heat") = py::none())
      .def(
          "fill_column",
          [](Kit k, ItemId id, int col, const Eigen::MatrixXd& values,
             std::optional<math::NumberFormat> format, glm::vec4 color, double seconds, double lag,
             bool hideZeros, bool recolor, std::optional<HeatScale> heat) {
            k.s->cell(id, 0, col);
            checkSameShape(id, *k.s, values);
            k.s->k().fillColumn(
                id, col, values,
                cellFill(format, color, seconds, lag, hideZeros, recolor, {}, heat));
          },
          py::arg("matrix"), py::arg("col"), py::arg("values"), py::kw_only(),
          py::arg("format") = py::none(), py::arg("color") = palette::kResult,
          py::arg("seconds") = 1.5, py::arg("lag") = 0.25, py::arg("hide_zeros") = false,
          py::arg("recolor") = true, py::arg("heat") = py::none())
      .def(
          "reveal_cell",
          [](Kit k, ItemId id, int row, int col, const std::string& text, glm::vec4 color) {
            k.s->cell(id, row, col);
            return k.s->k().revealCell(id, row, col, text, color);
          },
          py::arg("matrix"), py::arg("row"), py::arg("col"), py::arg("text"),
          py::arg("color") = palette::kResult)
      .def(
          "row_cells",
          [](Kit k, ItemId id, int row) {
            k.s->cell(id, row, 0);
            return k.s->k().rowCells(id, row);
          },
          py::arg("matrix"), py::arg("row"))
      .def(
          "column_cells",
          [](Kit k, ItemId id, int col) {
            k.s->cell(id, 0, col);
            return k.s->k().columnCells(id, col);
          },
          py::arg("matrix"), py::arg("col"))
      .def(
          "shift",
          [](Kit k, const std::vector<ItemId>& items, glm::vec2 by, double seconds) {
            checkItems(*k.s, items);
            k.s->k().shift(items, by, seconds);
          },
          py::arg("items"), py::arg("by"), py::arg("seconds") = 0.0)
      .def(
          "highlight_cells",
          [](Kit k, ItemId id, const std::vector<int>& cells, float amount, double seconds) {
            for (int c : cells) k.s->cellIndex(id, c);
            k.s->k().highlightCells(id, cells, amount, seconds);
          },
          py::arg("matrix"), py::arg("cells"), py::arg("amount"), py::arg("seconds") = 0.6)
      .def(
          "box_around",
          [](Kit k, py::object target, std::vector<ItemId> over, glm::vec4 color, float pad,
             float stroke, float radius, std::string name, double seconds) {
            const kit::BoxStyle style{color, pad, stroke, radius, std::move(name), seconds};
            checkItems(*k.s, over);
            if (py::isinstance<Rect>(target))
              return k.s->k().boxAround(target.cast<Rect>(), over, style);
            const ItemId id = target.cast<ItemId>();
            k.s->item(id);
            return k.s->k().boxAround(id, style);
          },
          py::arg("target"), py::arg("over") = std::vector<ItemId>{}, py::kw_only(),
          py::arg("color") = palette::kHighlight, py::arg("pad") = 8.0f, py::arg("stroke") = 4.0f,
          py::arg("radius") = 10.0f, py::arg("name") = "box", py::arg("seconds") = 0.6,
          "A highlight box around an item, or around a Rect that overlaps the items `over`.")
      .def(
          "move_box",
          [](Kit k, ItemId box, const Rect& region, double seconds, float pad) {
            k.s->item(box);
            k.s->k().moveBox(box, region, seconds, pad);
          },
          py::arg("box"), py::arg("region"), py::arg("seconds") = 0.8, py::arg("pad") = 8.0f)
      .def(
          "walk_box",
          [](Kit k, std::optional<ItemId> box, const Rect& region, std::vector<ItemId> over,
             glm::vec4 color, float pad, float stroke, float radius, std::string name) {
            if (box) k.s->item(*box);
            checkItems(*k.s, over);
            const kit::BoxStyle style{color, pad, stroke, radius, std::move(name), 0.6};
            Anim a = k.s->k().walkBox(box, region, over, style);
            return std::make_pair(std::move(a), *box);
          },
          py::arg("box"), py::arg("region"), py::arg("over") = std::vector<ItemId>{}, py::kw_only(),
          py::arg("color") = palette::kHighlight, py::arg("pad") = 8.0f, py::arg("stroke") = 4.0f,
          py::arg("radius") = 10.0f, py::arg("name") = "box",
          "A box walking over regions: returns (animation, box); pass None the first time.")
      .def(
          "gather",
          [](Kit k, const std::vector<ItemId>& from, ItemId to) {
            checkItems(*k.s, from);
            k.s->item(to);
            if (from.empty()) throw py::value_error("gather: no items to gather");
            return k.s->k().gather(from, to);
          },
          py::arg("items"), py::arg("into"))
      .def(
          "width",
          [](Kit k, ItemId id) {
            k.s->item(id);
            return k.s->k().width(id);
          },
          py::arg("item"))
      .def(
          "bounds_of",
          [](Kit k, const std::vector<ItemId>& items) {
            checkItems(*k.s, items);
            return k.s->k().boundsOf(items);
          },
          py::arg("items"))
      .def(
          "matrix_size",
          [](Kit k, const Eigen::MatrixXd& values, const MatrixStyle& style, bool placeholder) {
            checkValues(values, "the matrix");
            return k.s->k().matrixSize(values, style, placeholder);
          },
          py::arg("values"), py::arg("style"), py::arg("placeholder") = false)
      .def(
          "text_size",
          [](Kit k, const std::string& s, float size) { return k.s->k().textSize(s, size); },
          py::arg("text"), py::arg("size"))
      .def(
          "fit_width",
          [](Kit k, ItemId id, float w) {
            k.s->item(id);
            k.s->k().fitWidth(id, w);
          },
          py::arg("item"), py::arg("max_width"))
      .def(
          "lay_out_row",
          [](Kit k, const std::vector<ItemId>& items, float y, float gap, float maxWidth,
             float maxHeight, float most, double seconds) {
            checkItems(*k.s, items);
            return k.s->k().layOutRow(items, y,
                                      kit::RowFit{gap, maxWidth, maxHeight, most, seconds});
          },
          py::arg("items"), py::arg("y"), py::kw_only(), py::arg("gap") = 44.0f,
          py::arg("max_width") = kit::kMaxRowWidth, py::arg("max_height") = kit::kMaxRowHeight,
          py::arg("most") = 1.0f, py::arg("seconds") = 1.0)
      .def(
          "row_at_scale",
          [](Kit k, const std::vector<ItemId>& items, float y, float scale, float gap,
             double seconds) {
            checkItems(*k.s, items);
            k.s->k().rowAtScale(items, y, scale, gap, seconds);
          },
          py::arg("items"), py::arg("y"), py::arg("scale"), py::arg("gap") = 44.0f,
          py::arg("seconds") = 1.0)
      .def(
          "place_row",
          [](Kit k, const std::vector<ItemId>& items, float y, float gap, double seconds) {
            checkItems(*k.s, items);
            k.s->k().placeRow(items, y, gap, seconds);
          },
          py::arg("items"), py::arg("y"), py::arg("gap") = 40.0f, py::arg("seconds") = 0.0)
      .def(
          "enlarge",
          [](Kit k, const std::vector<ItemId>& items, float most, float maxWidth, float maxHeight,
             double seconds) {
            checkItems(*k.s, items);
            k.s->k().enlarge(items, most, maxWidth, maxHeight, seconds);
          },
          py::arg("items"), py::arg("most"), py::arg("max_width") = 1700.0f,
          py::arg("max_height") = 560.0f, py::arg("seconds") = 0.0)
      .def(
          "lay_out_product",
          [](Kit k, ItemId lhs, ItemId rhs, ItemId result, float y) {
            for (ItemId id : {lhs, rhs, result}) k.s->item(id);
            return k.s->k().layOutProduct(lhs, rhs, result, y);
          },
          py::arg("lhs"), py::arg("rhs"), py::arg("result"), py::arg("y") = kit::kContentY)
      .def(
          "product_fit",
          [](Kit k, glm::vec2 lhs, glm::vec2 rhs, glm::vec2 result) {
            return k.s->k().productFit(lhs, rhs, result);
          },
          py::arg("lhs"), py::arg("rhs"), py::arg("result"))
      .def(
          "step_product",
          [](Kit k, const Product& p, const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
             glm::vec4 resultColor, std::string beatName,
             std::optional<math::NumberFormat> operandFormat,
             std::optional<math::NumberFormat> resultFormat, int slowEntries, double slowPace,
             double fastPace, float calcY) {
            for (ItemId id : {p.lhs, p.rhs, p.result}) k.s->matrix(id);
            checkValues(a, "a");
            checkValues(b, "b");
            checkSameShape(p.lhs, *k.s, a);
            checkSameShape(p.rhs, *k.s, b);
            const MatrixDef& r = k.s->builder.def(p.result).matrix;
            if (r.rows != a.rows() || r.cols != b.cols())
              throw py::value_error("the result matrix is " + std::to_string(r.rows) + " × " +
                                    std::to_string(r.cols) + " but a @ b is " +
                                    std::to_string(a.rows()) + " × " + std::to_string(b.cols()));
            if (!(slowPace > 0) || !(fastPace > 0)) throw py::value_error("paces must be > 0");
            k.s->k().stepProduct(
                p, a, b,
                StepperOptions{resultColor, std::move(beatName), operandFormat, resultFormat,
                               slowEntries, slowPace, fastPace, calcY});
          },
          py::arg("product"), py::arg("a"), py::arg("b"), py::kw_only(),
          py::arg("result_color") = palette::kResult, py::arg("beat_name") = "entry",
          py::arg("operand_format") = py::none(), py::arg("result_format") = py::none(),
          py::arg("slow_entries") = -1, py::arg("slow_pace") = 1.0, py::arg("fast_pace") = 0.4,
          py::arg("calc_y") = kit::kCalcY,
          "Every entry of the product, one beat each: its row and column boxed, the products "
          "written out, the entry turning solid.")
      .def(
          "fade_out_all",
          [](Kit k, const std::vector<ItemId>& items, double seconds) {
            checkItems(*k.s, items);
            k.s->k().fadeOutAll(items, seconds);
          },
          py::arg("items"), py::arg("seconds") = 0.6)
      .def(
          "clear",
          [](Kit k, const std::vector<ItemId>& items, double seconds) {
            checkItems(*k.s, items);
            k.s->k().clear(items, seconds);
          },
          py::arg("items"), py::arg("seconds") = 0.6)
      .def(
          "add",
          [](Kit k, const ItemDef& def, const ItemState& state) {
            if (def.kind == ItemKind::Matrix)
              throw py::type_error("add a matrix with kit.matrix, which sizes its cells");
            return k.s->k().add(def, state);
          },
          py::arg("definition"), py::arg("state"))
      // Acts: parts that clear up after themselves.
      .def(
          "act",
          [](Kit k) {
            k.s->acts.push_back(std::make_unique<kit::Act>(k.s->k()));
            return PyAct{k.s, k.s->acts.back().get()};
          },
          py::keep_alive<0, 1>(), "An act: `with kit.act() as act: ...` clears what it added.")
      .def(
          "part",
          [](Kit k, const std::string& caption) {
            SectionKit& sk = k.s->k();
            sk.caption(caption);
            k.s->acts.push_back(std::make_unique<kit::Act>(sk));
            // kit::part also clears the note line when one shows; an empty note does that.
            sk.note("");
            return PyAct{k.s, k.s->acts.back().get()};
          },
          py::arg("caption"), py::keep_alive<0, 1>())
      // kit/lines.hpp
      .def(
          "write",
          [](Kit k, const std::vector<ItemId>& items, double seconds, double lag) {
            checkItems(*k.s, items);
            kit::write(k.s->k(), items, seconds, lag);
          },
          py::arg("items"), py::arg("seconds") = 2.4, py::arg("lag") = 0.6)
      .def(
          "write_lines",
          [](Kit k, const std::vector<std::string>& lines, float size, float y, float spacing,
             double seconds, glm::vec4 color) {
            return kit::writeLines(k.s->k(), lines, size, y, spacing, seconds, color);
          },
          py::arg("lines"), py::arg("size"), py::arg("y"), py::arg("spacing"),
          py::arg("seconds") = 2.4, py::arg("color") = palette::kText)
      .def(
          "box_onto",
          [](Kit k, ItemId box, const Rect& region, float pad) {
            k.s->item(box);
            return kit::boxOnto(k.s->k(), box, region, pad);
          },
          py::arg("box"), py::arg("region"), py::arg("pad") = 8.0f)
      .def(
          "cell_text_anchor",
          [](Kit k, ItemId id, int row, int col) {
            k.s->cell(id, row, col);
            return kit::cellTextAnchor(k.s->b(), id, row, col);
          },
          py::arg("matrix"), py::arg("row"), py::arg("col"))
      .def(
          "copy_cell",
          [](Kit k, ItemId id, int row, int col) {
            k.s->cell(id, row, col);
            return kit::copyCell(k.s->k(), id, row, col);
          },
          py::arg("matrix"), py::arg("row"), py::arg("col"))
      .def(
          "fly_copy",
          [](Kit k, ItemId copy, glm::vec2 to, float size, std::optional<ItemId> past,
             bool appear) {
            k.s->item(copy);
            if (past) k.s->item(*past);
            return kit::flyCopy(k.s->k(), copy, to, kit::Flight{size, past, appear});
          },
          py::arg("copy"), py::arg("to"), py::kw_only(), py::arg("size") = 0.0f,
          py::arg("past") = py::none(), py::arg("appear") = true)
      // kit/marks.hpp
      .def(
          "dot",
          [](Kit k, glm::vec2 pos, float radius, glm::vec4 color, const std::string& name) {
            return kit::dot(k.s->k(), pos, radius, color, name);
          },
          py::arg("pos"), py::arg("radius"), py::arg("color"), py::arg("name") = "dot")
      .def(
          "line",
          [](Kit k, glm::vec2 from, glm::vec2 to, glm::vec4 color, float width, float head) {
            return kit::line(k.s->k(), from, to, color, width, head);
          },
          py::arg("start"), py::arg("end"), py::arg("color"), py::arg("width") = 4.0f,
          py::arg("head") = 0.0f)
      .def(
          "curve",
          [](Kit k, std::vector<glm::vec2> points, glm::vec2 at, glm::vec4 color, float width,
             const std::string& name) {
            if (points.size() < 2) throw py::value_error("a curve needs at least 2 points");
            return kit::curve(k.s->k(), std::move(points), at, color, width, name);
          },
          py::arg("points"), py::arg("at"), py::arg("color"), py::arg("width") = 4.0f,
          py::arg("name") = "path")
      .def(
          "circle",
          [](Kit k, glm::vec2 centre, float radius, glm::vec4 color, const std::string& name) {
            return kit::circle(k.s->k(), centre, radius, color, name);
          },
          py::arg("centre"), py::arg("radius"), py::arg("color"), py::arg("name") = "circle")
      .def(
          "text_from",
          [](Kit k, Align align, const std::string& s, float size, glm::vec2 pos, glm::vec4 color,
             const std::string& name) {
            return kit::textFrom(k.s->k(), align, s, size, pos, color, name);
          },
          py::arg("align"), py::arg("text"), py::arg("size"), py::arg("pos"),
          py::arg("color") = palette::kText, py::arg("name") = "")
      .def(
          "allow_all",
          [](Kit k, const std::vector<ItemId>& items) {
            checkItems(*k.s, items);
            kit::allowAll(k.s->k(), items);
          },
          py::arg("items"))
      .def(
          "allow_with",
          [](Kit k, ItemId item, const std::vector<ItemId>& others) {
            k.s->item(item);
            checkItems(*k.s, others);
            kit::allowWith(k.s->k(), item, others);
          },
          py::arg("item"), py::arg("others"))
      // kit/panel.hpp and kit/words.hpp
      .def(
          "paragraphs",
          [](Kit k, const std::vector<std::string>& paras, glm::vec2 at, float width, float size,
             float line, glm::vec4 color) {
            std::vector<kit::Para> ps;
            for (const std::string& p : paras) ps.push_back({p, color});
            return kit::paragraphs(k.s->k(), ps, at, width,
                                   kit::ParaStyle{.size = size, .line = line});
          },
          py::arg("paragraphs"), py::arg("at"), py::arg("width"), py::arg("size") = 30.0f,
          py::arg("line") = 42.0f, py::arg("color") = palette::kText)
      .def(
          "word_row",
          [](Kit k, const std::vector<std::string>& words, float y, float size, float gap,
             glm::vec4 color) {
            return kit::wordRow(k.s->k(), words, y, kit::WordRow{size, gap, color});
          },
          py::arg("words"), py::arg("y"), py::arg("size") = 46.0f, py::arg("gap") = 22.0f,
          py::arg("color") = palette::kText)
      .def(
          "centre_on",
          [](Kit k, ItemId id, glm::vec2 centre, double seconds) {
            k.s->item(id);
            kit::centreOn(k.s->k(), id, centre, seconds);
          },
          py::arg("item"), py::arg("centre"), py::arg("seconds") = 0.0)
      // scene/heat.hpp
      .def(
          "heat_up",
          [](Kit k, ItemId id, const Eigen::MatrixXd& values, const HeatScale& scale) {
            k.s->matrix(id);
            checkSameShape(id, *k.s, values);
            return heatUp(k.s->b(), id, values, scale);
          },
          py::arg("matrix"), py::arg("values"), py::arg("scale"))
      .def(
          "heat_legend",
          [](Kit k, const HeatScale& scale, const math::NumberFormat& format, float fontSize,
             float headerSize, const std::string& name, int steps) {
            if (steps < 2 || steps > 32) throw py::value_error("steps must be 2 to 32");
            return addHeatLegend(k.s->b(), scale, format, fontSize, headerSize, name, steps);
          },
          py::arg("scale"), py::arg("format"), py::arg("font_size") = kit::kMatrixFont,
          py::arg("header_size") = 40.0f, py::arg("name") = "legend", py::arg("steps") = 9)
      .def(
          "heat_legend_size",
          [](Kit, const HeatScale& scale, const math::NumberFormat& format, float fontSize,
             float headerSize, int steps) {
            if (steps < 2 || steps > 32) throw py::value_error("steps must be 2 to 32");
            const ItemDef def =
                makeHeatLegend(designAtlas(), scale, format, fontSize, headerSize, steps).def;
            return itemBounds(designAtlas(), def, ItemState{}).size();
          },
          py::arg("scale"), py::arg("format"), py::arg("font_size") = kit::kMatrixFont,
          py::arg("header_size") = 40.0f, py::arg("steps") = 9);

  // Free functions and constants of the kit.
  m.def(
      "example_style",
      [](MatrixStyle s, float headerSize, math::NumberFormat format) {
        return kit::exampleStyle(std::move(s), headerSize, format);
      },
      py::arg("style"), py::arg("header_size") = 40.0f, py::arg("format") = kit::kTenths);
  m.def(
      "fit_row",
      [](const std::vector<glm::vec2>& sizes, float gap, float maxWidth, float maxHeight,
         float most) { return kit::fitRow(sizes, gap, maxWidth, maxHeight, most); },
      py::arg("sizes"), py::arg("gap") = 44.0f, py::arg("max_width") = kit::kMaxRowWidth,
      py::arg("max_height") = kit::kMaxRowHeight, py::arg("most") = 1.0f);
  m.def("cell_texts", &kit::cellTexts, py::arg("values"), py::arg("format"),
        py::arg("hide_zeros") = false);
  m.def("light_cells", &kit::lightCells, py::arg("matrix"), py::arg("cells"), py::arg("amount"));
  m.def("cells_opacity", &kit::cellsOpacity, py::arg("matrix"), py::arg("cells"),
        py::arg("opacity"));
  m.def(
      "shape_text", [](long r, long c) { return kit::shapeText(r, c); }, py::arg("rows"),
      py::arg("cols"));
  m.def(
      "tuple_text",
      [](const Eigen::RowVectorXd& v, std::optional<math::NumberFormat> f, const std::string& open,
         const std::string& close) { return kit::tupleText(v, f, open, close); },
      py::arg("values"), py::arg("format") = py::none(), py::arg("open") = "(",
      py::arg("close") = ")");
  m.def(
      "numbered", [](const std::string& prefix, int count) { return kit::numbered(prefix, count); },
      py::arg("prefix"), py::arg("count"));
  m.def("quoted", &kit::quoted, py::arg("text"));
  m.def("with_commas", &kit::withCommas, py::arg("value"));

  py::module_ rows = m.def_submodule("layout", "Fixed places of the 1920 × 1080 design space.");
  rows.attr("TITLE_Y") = kit::kTitleY;
  rows.attr("CAPTION_Y") = kit::kCaptionY;
  rows.attr("UPPER_Y") = kit::row(kit::Row::Upper);
  rows.attr("CONTENT_Y") = kit::kContentY;
  rows.attr("LOWER_Y") = kit::row(kit::Row::Lower);
  rows.attr("CALC_Y") = kit::kCalcY;
  rows.attr("NOTE_Y") = kit::kNoteY;
  rows.attr("MATRIX_FONT") = kit::kMatrixFont;
  rows.attr("MIN_TEXT_SIZE") = kit::kMinTextSize;
  rows.attr("MAX_ROW_WIDTH") = kit::kMaxRowWidth;
  rows.attr("MAX_ROW_HEIGHT") = kit::kMaxRowHeight;
  rows.attr("SIGN_SIZE") = kit::kSignSize;
  rows.attr("FAINT") = kit::kFaint;
  rows.attr("WIDTH") = kDesignWidth;
  rows.attr("HEIGHT") = kDesignHeight;

  py::dict colors;
  const std::pair<const char*, glm::vec4> roles[] = {
      {"background", palette::kBackground},
      {"text", palette::kText},
      {"title", palette::kTitle},
      {"note", palette::kNote},
      {"input", palette::kInput},
      {"weight", palette::kWeight},
      {"query", palette::kQuery},
      {"key", palette::kKey},
      {"value", palette::kValue},
      {"result", palette::kResult},
      {"score", palette::kScore},
      {"scaled_score", palette::kScaledScore},
      {"masked_score", palette::kMaskedScore},
      {"attention_weight", palette::kAttentionWeight},
      {"output", palette::kOutput},
      {"highlight", palette::kHighlight},
      {"placeholder", palette::kPlaceholder},
      {"masked_cell", palette::kMaskedCell},
  };
  for (const auto& [name, color] : roles) colors[name] = py::cast(color);
  m.attr("PALETTE") = colors;
}

}  // namespace tfviz::python
