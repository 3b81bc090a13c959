// Move-only RAII wrappers for GL objects, and GL function loading. The only place besides the
// other render/gl files that sees glad. Objects must be created after a context is current and
// destroyed before it goes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace tfviz::gl {

using ProcLoader = void* (*)(const char* name);

// Loads GL 3.3 core functions through the context's loader; false if the context is too old.
bool loadFunctions(ProcLoader loader);
// "4.5 (Core Profile) Mesa 22.3.6 / llvmpipe (LLVM 15.0.6, 256 bits)".
std::string describeContext();

// A GL object name with a deleter; copy deleted, move transfers ownership.
template <void (*Delete)(uint32_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(uint32_t id) : m_id(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : m_id(std::exchange(o.m_id, 0)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      m_id = std::exchange(o.m_id, 0);
    }
    return *this;
  }
  ~Handle() { reset(); }
  void reset() {
    if (m_id != 0) Delete(m_id);
    m_id = 0;
  }
  uint32_t id() const { return m_id; }
  explicit operator bool() const { return m_id != 0; }

 private:
  uint32_t m_id = 0;
};

void deleteBuffer(uint32_t id);
void deleteVertexArray(uint32_t id);
void deleteTexture(uint32_t id);
void deleteFramebuffer(uint32_t id);
void deleteProgram(uint32_t id);

using Buffer = Handle<deleteBuffer>;
using VertexArray = Handle<deleteVertexArray>;
using Texture = Handle<deleteTexture>;
using Framebuffer = Handle<deleteFramebuffer>;
using Program = Handle<deleteProgram>;

// Compiles and links a program from two embedded shaders, with `defines` (lines such as
// "#define GLYPH\n") inserted after each #version line; line numbers stay the file's. Throws
// std::runtime_error whose message names the shader file (and the defines) and carries the
// driver's log.
Program buildProgram(std::string_view vertexName, std::string_view fragmentName,
                     const std::string& defines = {});

// In debug builds, GL_KHR_debug messages about errors go to stderr (where the driver offers it).
void enableDebugMessages();

// In debug builds, throws if glGetError reports anything, naming `where`.
void checkErrors(const char* where);

}  // namespace tfviz::gl
