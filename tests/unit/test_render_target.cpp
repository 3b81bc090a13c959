// Unit tests of the window's offscreen target size (render/render_target_size): fitting any
// window into the GPU's limits and the memory cap, the TFVIZ_MAX_TARGET test hook, and the
// grow-at-once, shrink-when-settled hysteresis. Pure CPU.
#include <doctest/doctest.h>

#include <algorithm>

#include "render/render_target_size.hpp"

using namespace tfviz;

namespace {

constexpr TargetSize kGpu{16384, 16384};

// Within a pixel of wanted's aspect ratio: |w * wanted.h - h * wanted.w| <= max(wanted side).
bool keepsAspect(TargetSize got, TargetSize wanted) {
  const long cross =
      static_cast<long>(got.width) * wanted.height - static_cast<long>(got.height) * wanted.width;
  const long tolerance = std::max(wanted.width, wanted.height);
  return cross <= tolerance && cross >= -tolerance;
}

}  // namespace

TEST_CASE("render target: a size that fits is kept as it is") {
  CHECK(fitRenderTarget({1280, 720}, kGpu) == TargetSize{1280, 720});
  CHECK(fitRenderTarget({1, 1}, kGpu) == TargetSize{1, 1});
  CHECK(fitRenderTarget({7680, 4320}, kLiveTargetCap) == TargetSize{7680, 4320});
  CHECK(fitRenderTarget({16384, 9216}, kGpu) == TargetSize{16384, 9216});  // exactly at the limit
  CHECK(fitRenderTarget({16384, 16384}, kGpu) == TargetSize{16384, 16384});
}

TEST_CASE("render target: nothing to draw is {0, 0}, not an error") {
  CHECK(fitRenderTarget({0, 0}, kGpu) == TargetSize{});
  CHECK(fitRenderTarget({0, 720}, kGpu) == TargetSize{});
  CHECK(fitRenderTarget({1280, 0}, kGpu) == TargetSize{});
  CHECK(fitRenderTarget({-5, 720}, kGpu) == TargetSize{});
  CHECK(fitRenderTarget({1280, 720}, {0, 0}) == TargetSize{});
  CHECK(fitRenderTarget({0, 0}, kGpu).empty());
}

TEST_CASE("render target: one pixel past the limit scales down, keeping the aspect ratio") {
  // The tester's window: 16385x9217 on a 16384 GPU ended the show.
  const TargetSize got = fitRenderTarget({16385, 9217}, kGpu);
  CHECK(got.width == 16384);
  CHECK(got.height == 9216);
  CHECK(fitRenderTarget({16385, 100}, kGpu) == TargetSize{16384, 99});
  CHECK(fitRenderTarget({100, 16385}, kGpu) == TargetSize{99, 16384});
  // Past the memory cap by one pixel in one direction only.
  CHECK(fitRenderTarget({7681, 4320}, kLiveTargetCap) == TargetSize{7680, 4319});
  CHECK(fitRenderTarget({7680, 4321}, kLiveTargetCap) == TargetSize{7678, 4320});
}

TEST_CASE("render target: huge windows fit the cap") {
  const TargetSize huge = fitRenderTarget({20000, 11250}, kLiveTargetCap);
  CHECK(huge == TargetSize{7680, 4320});
  const TargetSize giant = fitRenderTarget({2000000000, 1125000000}, kLiveTargetCap);
  CHECK(giant == TargetSize{7680, 4320});
  // The window's letterboxed scene never exceeds the cap's pixel count.
  for (TargetSize wanted : {TargetSize{20000, 11250}, TargetSize{16385, 9217},
                            TargetSize{32767, 18431}, TargetSize{9000, 5063}}) {
    const TargetSize got = fitRenderTarget(wanted, minSize(kGpu, kLiveTargetCap));
    CAPTURE(wanted.width);
    CAPTURE(wanted.height);
    CHECK(got.width <= 7680);
    CHECK(got.height <= 4320);
    CHECK(keepsAspect(got, wanted));
  }
}

TEST_CASE("render target: odd aspect ratios stay within the limit and at least 1x1") {
  const TargetSize limit{1000, 1000};
  for (TargetSize wanted : {TargetSize{100000, 1}, TargetSize{1, 100000}, TargetSize{30000, 7},
                            TargetSize{3, 5000}, TargetSize{1001, 1000}, TargetSize{1000, 1001},
                            TargetSize{65535, 65535}, TargetSize{1777, 1000}}) {
    const TargetSize got = fitRenderTarget(wanted, limit);
    CAPTURE(wanted.width);
    CAPTURE(wanted.height);
    CHECK(got.width >= 1);
    CHECK(got.height >= 1);
    CHECK(got.width <= limit.width);
    CHECK(got.height <= limit.height);
    CHECK((got.width == limit.width || got.height == limit.height));  // the largest that fits
    CHECK(keepsAspect(got, wanted));
  }
  CHECK(fitRenderTarget({100000, 1}, limit) == TargetSize{1000, 1});
  CHECK(fitRenderTarget({1, 100000}, limit) == TargetSize{1, 1000});
  // A non-square limit: the tighter side decides.
  CHECK(fitRenderTarget({1920, 1080}, {1000, 1000}) == TargetSize{1000, 562});
  CHECK(fitRenderTarget({1920, 1080}, {4000, 500}) == TargetSize{888, 500});
}

TEST_CASE("render target: minSize takes each side's minimum") {
  CHECK(minSize({16384, 16384}, kLiveTargetCap) == TargetSize{7680, 4320});
  CHECK(minSize({4096, 8192}, {8192, 4096}) == TargetSize{4096, 4096});
}

TEST_CASE("render target: the TFVIZ_MAX_TARGET hook reads N or WxH") {
  CHECK(parseTargetLimit("1000") == TargetSize{1000, 1000});
  CHECK(parseTargetLimit("640x360") == TargetSize{640, 360});
  CHECK(parseTargetLimit("1") == TargetSize{1, 1});
  CHECK_FALSE(parseTargetLimit(""));
  CHECK_FALSE(parseTargetLimit("0"));
  CHECK_FALSE(parseTargetLimit("-4"));
  CHECK_FALSE(parseTargetLimit("640x"));
  CHECK_FALSE(parseTargetLimit("x360"));
  CHECK_FALSE(parseTargetLimit("640x360x2"));
  CHECK_FALSE(parseTargetLimit("12ab"));
  CHECK_FALSE(parseTargetLimit("99999999999"));
}

TEST_CASE("render target: the sizer grows at once") {
  TargetSizer sizer(0.5);
  CHECK(sizer.update({1280, 720}, 0.0) == TargetSize{1280, 720});
  CHECK(sizer.update({1920, 1080}, 0.01) == TargetSize{1920, 1080});
  CHECK(sizer.update({1920, 1081}, 0.02) == TargetSize{1920, 1081});  // one side grew
  CHECK(sizer.size() == TargetSize{1920, 1081});
}

TEST_CASE("render target: the sizer shrinks once the size has settled, not every frame") {
  TargetSizer sizer(0.5);
  sizer.update({1920, 1080}, 0.0);
  // A drag-resize: smaller every frame, the target stays until 0.5 s have passed.
  CHECK(sizer.update({1900, 1069}, 1.0) == TargetSize{1920, 1080});
  CHECK(sizer.update({1800, 1013}, 1.2) == TargetSize{1920, 1080});
  CHECK(sizer.update({1700, 956}, 1.4) == TargetSize{1920, 1080});
  CHECK(sizer.update({1700, 956}, 1.5) == TargetSize{1700, 956});  // memory comes back
  CHECK(sizer.update({1700, 956}, 9.0) == TargetSize{1700, 956});
  // Back to the same size: the wait starts again next time.
  CHECK(sizer.update({1600, 900}, 10.0) == TargetSize{1700, 956});
  CHECK(sizer.update({1700, 956}, 10.1) == TargetSize{1700, 956});
  CHECK(sizer.update({1600, 900}, 10.2) == TargetSize{1700, 956});
  CHECK(sizer.update({1600, 900}, 10.69) == TargetSize{1700, 956});
  CHECK(sizer.update({1600, 900}, 10.75) == TargetSize{1600, 900});
}

TEST_CASE("render target: the sizer shrinks at once after a big drop") {
  TargetSizer sizer(0.5);
  sizer.update({7680, 4320}, 0.0);
  CHECK(sizer.update({1280, 720}, 0.1) == TargetSize{1280, 720});
  sizer.update({2000, 1125}, 0.2);
  CHECK(sizer.update({999, 562}, 0.3) == TargetSize{999, 562});  // under half the width
  CHECK(sizer.update({1, 1}, 0.4) == TargetSize{1, 1});
}

TEST_CASE("render target: the sizer ignores empty sizes and can be reset") {
  TargetSizer sizer(0.5);
  CHECK(sizer.update({0, 0}, 0.0) == TargetSize{});
  CHECK(sizer.size().empty());
  sizer.update({1280, 720}, 0.0);
  CHECK(sizer.update({0, 0}, 5.0) == TargetSize{});
  CHECK(sizer.size() == TargetSize{1280, 720});
  sizer.reset();
  CHECK(sizer.size().empty());
  CHECK(sizer.update({640, 360}, 6.0) == TargetSize{640, 360});
}
