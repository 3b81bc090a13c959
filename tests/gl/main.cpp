// doctest's main for the GL tests: one headless EGL context for the whole run.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

#include "gl/gl_fixture.hpp"

int main(int argc, char** argv) {
  std::string error;
  if (!tfviz::test::GlFixture::init(&error)) {
    std::fprintf(stderr, "GL tests: %s\n", error.c_str());
    return 1;
  }
  doctest::Context context(argc, argv);
  const int result = context.run();
  tfviz::test::GlFixture::shutdown();
  return result;
}
