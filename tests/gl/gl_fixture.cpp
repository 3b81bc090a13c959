// The GL tests' shared context (see gl_fixture.hpp).
#include "gl/gl_fixture.hpp"

namespace tfviz::test {
namespace {
std::unique_ptr<GlFixture> g_fixture;
}

bool GlFixture::init(std::string* error) {
  auto f = std::make_unique<GlFixture>();
  f->context = HeadlessContext::create(error);
  if (!f->context) return false;
  f->atlas = FontAtlas::bake();
  f->frames = std::make_unique<FrameRenderer>(f->atlas);
  g_fixture = std::move(f);
  return true;
}

void GlFixture::shutdown() {
  if (!g_fixture) return;
  g_fixture->frames.reset();  // GL objects go before the context
  g_fixture.reset();
}

GlFixture& GlFixture::get() {
  return *g_fixture;
}

}  // namespace tfviz::test
