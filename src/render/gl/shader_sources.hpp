// GLSL sources embedded at build time from shaders/ (see tools/embed_shaders.cmake).
#pragma once

#include <span>
#include <string_view>

namespace tfviz::gl {

struct ShaderSource {
  std::string_view name;  // file name in shaders/, for error messages
  std::string_view text;
};

std::span<const ShaderSource> embeddedShaders();
// The embedded source of shaders/<name>; throws std::runtime_error if there is none.
const ShaderSource& shaderSource(std::string_view name);

}  // namespace tfviz::gl
