// The tfviz Python module (_tfviz), shared by the extension module that Python imports
// (module.cpp) and the interpreter embedded in the tfviz executable for --scene (embedded.cpp).
// Python builds sections through the same SectionBuilder and kit as C++ sections; the timeline,
// draw list, renderer and export stay C++. Every id, cell and shape is checked before it reaches
// the engine, so bad arguments raise a Python exception instead of crashing the interpreter.
#pragma once

#include <memory>
#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

#include "render/font_atlas.hpp"
#include "scene/builder.hpp"
#include "scene/kit.hpp"

// glm vectors to and from Python: any sequence of 2 (vec2), or of 3 or 4 (vec4, alpha 1 when
// left out) numbers; back as tuples.
namespace pybind11::detail {
template <>
struct type_caster<glm::vec2> {
  PYBIND11_TYPE_CASTER(glm::vec2, const_name("tuple[float, float]"));
  bool load(handle src, bool) {
    if (!isinstance<sequence>(src) || isinstance<str>(src)) return false;
    try {
      auto seq = reinterpret_borrow<sequence>(src);
      if (seq.size() != 2) return false;
      value = {seq[0].cast<float>(), seq[1].cast<float>()};
      return true;
    } catch (const cast_error&) {
      return false;
    }
  }
  static handle cast(glm::vec2 v, return_value_policy, handle) {
    return make_tuple(v.x, v.y).release();
  }
};
template <>
struct type_caster<glm::vec4> {
  PYBIND11_TYPE_CASTER(glm::vec4, const_name("tuple[float, float, float, float]"));
  bool load(handle src, bool) {
    if (!isinstance<sequence>(src) || isinstance<str>(src)) return false;
    try {
      auto seq = reinterpret_borrow<sequence>(src);
      if (seq.size() != 3 && seq.size() != 4) return false;
      value = {seq[0].cast<float>(), seq[1].cast<float>(), seq[2].cast<float>(),
               seq.size() == 4 ? seq[3].cast<float>() : 1.0f};
      return true;
    } catch (const cast_error&) {
      return false;
    }
  }
  static handle cast(glm::vec4 v, return_value_policy, handle) {
    return make_tuple(v.x, v.y, v.z, v.w).release();
  }
};
}  // namespace pybind11::detail

namespace tfviz::python {

// The atlas sections are measured with: the same bake as the renderer's, made once.
const FontAtlas& designAtlas();

// A section being built: its builder and its kit. Finishing it hands the script out once;
// anything after that raises.
struct Building {
  Building(std::string id, std::string title)
      : builder(std::move(id), std::move(title), designAtlas()), kit(builder) {}
  SectionBuilder builder;
  SectionKit kit;
  bool finished = false;
  std::vector<std::unique_ptr<kit::Act>> acts;  // open acts (Python `with` blocks)

  SectionBuilder& b();
  SectionKit& k();
  // Raise IndexError / TypeError for an id that is not an item (of the kind asked), or a cell
  // outside the matrix.
  void item(ItemId id) const;
  void matrix(ItemId id) const;
  void cell(ItemId matrix, int row, int col) const;
  void cellIndex(ItemId matrix, int cell) const;
  // Every item and cell an animation touches.
  void anim(const Anim& a) const;
};

using Script = std::shared_ptr<const SectionScript>;

void bindScene(pybind11::module_& m);  // types, animations, the builder
void bindKit(pybind11::module_& m);    // the kit and its topic files, heat scales
void bindApp(pybind11::module_& m);    // stills, frames, video, the window
void defineModule(pybind11::module_& m);

}  // namespace tfviz::python
