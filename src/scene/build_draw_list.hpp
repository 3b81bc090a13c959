// buildDrawList: a scene state to the quads of one frame, letterboxing the 16:9 design space into
// the target. Pure and CPU only: the same (script, state, size) always gives the same list.
#pragma once

#include "render/draw_list.hpp"
#include "render/font_atlas.hpp"
#include "scene/script.hpp"

namespace tfviz {

// Design space to target pixels: p_target = p_design * scale + offset.
struct Camera {
  float scale = 1;
  glm::vec2 offset{0, 0};
  glm::vec2 toTarget(glm::vec2 p) const { return p * scale + offset; }
  Rect toTarget(const Rect& r) const { return {toTarget(r.min), toTarget(r.max)}; }
};

// The largest 16:9 region centred in width x height.
Camera letterbox(int width, int height);

void buildDrawList(const SectionScript& script, const SceneState& state, const FontAtlas& atlas,
                   int width, int height, DrawList& out);

}  // namespace tfviz
