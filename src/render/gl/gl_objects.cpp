// GL object wrappers, loading and shader building (see gl_objects.hpp).
#include "render/gl/gl_objects.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>

#include <glad/gl.h>

#include "render/gl/shader_sources.hpp"

namespace tfviz::gl {

bool loadFunctions(ProcLoader loader) {
  const int version = gladLoadGL(reinterpret_cast<GLADloadfunc>(loader));
  return version != 0 && (GLAD_VERSION_MAJOR(version) > 3 ||
                          (GLAD_VERSION_MAJOR(version) == 3 && GLAD_VERSION_MINOR(version) >= 3));
}

std::string describeContext() {
  auto str = [](GLenum e) {
    const auto* s = reinterpret_cast<const char*>(glGetString(e));
    return std::string(s ? s : "?");
  };
  return str(GL_VERSION) + " / " + str(GL_RENDERER);
}

void deleteBuffer(uint32_t id) {
  glDeleteBuffers(1, &id);
}
void deleteVertexArray(uint32_t id) {
  glDeleteVertexArrays(1, &id);
}
void deleteTexture(uint32_t id) {
  glDeleteTextures(1, &id);
}
void deleteFramebuffer(uint32_t id) {
  glDeleteFramebuffers(1, &id);
}
void deleteProgram(uint32_t id) {
  glDeleteProgram(id);
}

const ShaderSource& shaderSource(std::string_view name) {
  for (const ShaderSource& s : embeddedShaders()) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("shaders/" + std::string(name) + ": not embedded in this build");
}

namespace {

// The name in messages: the file, and the defines it was built with.
std::string described(std::string_view name, const std::string& defines) {
  std::string text = "shaders/" + std::string(name);
  if (defines.empty()) return text;
  std::string list = defines;
  std::replace(list.begin(), list.end(), '\n', ' ');
  while (!list.empty() && list.back() == ' ') list.pop_back();
  return text + " (" + list + ")";
}

GLuint compile(GLenum type, const ShaderSource& source, const std::string& defines) {
  std::string text(source.text);
  if (!defines.empty()) {
    const size_t version = text.find("#version");
    const size_t lineEnd = version == std::string::npos ? 0 : text.find('\n', version);
    if (lineEnd == std::string::npos)
      throw std::runtime_error(described(source.name, defines) + ": no line after #version");
    // Keep the driver's line numbers those of the file.
    const auto nextLine = std::count(text.begin(), text.begin() + lineEnd, '\n') + 2;
    text.insert(lineEnd + 1, defines + "#line " + std::to_string(nextLine) + "\n");
  }
  const GLuint shader = glCreateShader(type);
  const char* data = text.data();
  const auto length = static_cast<GLint>(text.size());
  glShaderSource(shader, 1, &data, &length);
  glCompileShader(shader);
  GLint ok = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    glDeleteShader(shader);
    throw std::runtime_error(described(source.name, defines) + ": " + log);
  }
  return shader;
}

}  // namespace

Program buildProgram(std::string_view vertexName, std::string_view fragmentName,
                     const std::string& defines) {
  const GLuint vs = compile(GL_VERTEX_SHADER, shaderSource(vertexName), defines);
  GLuint fs = 0;
  try {
    fs = compile(GL_FRAGMENT_SHADER, shaderSource(fragmentName), defines);
  } catch (...) {
    glDeleteShader(vs);
    throw;
  }
  Program program(glCreateProgram());
  glAttachShader(program.id(), vs);
  glAttachShader(program.id(), fs);
  glLinkProgram(program.id());
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(program.id(), GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[4096];
    glGetProgramInfoLog(program.id(), sizeof log, nullptr, log);
    throw std::runtime_error(described(vertexName, defines) + " + " + std::string(fragmentName) +
                             ": link failed: " + log);
  }
  return program;
}

#ifndef NDEBUG
namespace {
void GLAD_API_PTR onDebugMessage(GLenum, GLenum type, GLuint, GLenum, GLsizei,
                                 const GLchar* message, const void*) {
  if (type == GL_DEBUG_TYPE_ERROR) std::fprintf(stderr, "GL debug: %s\n", message);
}
}  // namespace
#endif

void enableDebugMessages() {
#ifndef NDEBUG
  if (!GLAD_GL_KHR_debug) return;
  glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
  glEnable(GL_DEBUG_OUTPUT);
  glDebugMessageCallback(onDebugMessage, nullptr);
#endif
}

void checkErrors([[maybe_unused]] const char* where) {
#ifndef NDEBUG
  const GLenum error = glGetError();
  if (error != GL_NO_ERROR) {
    throw std::runtime_error(std::string("GL error 0x") + std::to_string(error) + " at " + where);
  }
#endif
}

}  // namespace tfviz::gl
