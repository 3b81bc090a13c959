// VideoEncoder::open and decodeVideo: load the libav module on first use (see video_encoder.hpp),
// and PSNR.
#include "export/video_encoder.hpp"

#include "export/png_writer.hpp"

#include <dlfcn.h>
#include <unistd.h>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace tfviz {
namespace {

using OpenFn = VideoEncoder* (*)(const fs::path*, const fs::path*, const VideoOptions*,
                                 std::string*);
using DecodeFn = long (*)(const fs::path*, const std::function<bool(long, const Image&)>*,
                          std::string*);

struct Module {
  OpenFn open = nullptr;
  DecodeFn decode = nullptr;
  std::string error;
};

// Where the module may be: $TFVIZ_VIDEO_MODULE, next to the executable, one folder up (tests
// live in build/tests), and the build folder this binary was made in.
std::vector<fs::path> candidates() {
  std::vector<fs::path> out;
  if (const char* env = std::getenv("TFVIZ_VIDEO_MODULE"); env && *env) out.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    out.push_back(exe.parent_path() / kVideoModuleName);
    out.push_back(exe.parent_path().parent_path() / kVideoModuleName);
  }
#ifdef TFVIZ_MODULE_DIR
  out.push_back(fs::path(TFVIZ_MODULE_DIR) / kVideoModuleName);
#endif
  return out;
}

const Module& module() {
  static Module m;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string tried;
    for (const fs::path& path : candidates()) {
      std::error_code ec;
      if (!fs::exists(path, ec)) continue;
      void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) {
        const char* why = ::dlerror();
        m.error = "--video: cannot load '" + path.string() + "': " + (why ? why : "unknown");
        return;
      }
      m.open = reinterpret_cast<OpenFn>(::dlsym(handle, "tfvizVideoOpen"));
      m.decode = reinterpret_cast<DecodeFn>(::dlsym(handle, "tfvizVideoDecode"));
      if (!m.open || !m.decode) m.error = "--video: '" + path.string() + "' is not tfviz's module";
      return;  // never unloaded: libav keeps threads and state for the process's life
    }
    m.error = std::string("--video: the video module ") + kVideoModuleName +
              " is not next to tfviz (build the tfviz_video target, or set TFVIZ_VIDEO_MODULE)";
  });
  return m;
}

}  // namespace

std::unique_ptr<VideoEncoder> VideoEncoder::open(const fs::path& path, const VideoOptions& options,
                                                 std::string* error) {
  const Module& m = module();
  if (!m.open) {
    if (error) *error = m.error;
    return nullptr;
  }
  const fs::path temp = temporaryPath(path);
  return std::unique_ptr<VideoEncoder>(m.open(&path, &temp, &options, error));
}

long decodeVideo(const fs::path& path, const std::function<bool(long, const Image&)>& frame,
                 std::string* error) {
  const Module& m = module();
  if (!m.decode) {
    if (error) *error = m.error;
    return -1;
  }
  return m.decode(&path, &frame, error);
}

double psnr(const Image& a, const Image& b) {
  if (a.width != b.width || a.height != b.height || a.empty() || b.empty()) return 0;
  double sum = 0;
  for (int y = 0; y < a.height; ++y) {
    const uint8_t* p = a.row(y);
    const uint8_t* q = b.row(y);
    for (int x = 0; x < a.width; ++x, p += a.channels, q += b.channels) {
      for (int c = 0; c < 3; ++c) {
        const double d = static_cast<double>(p[c]) - q[c];
        sum += d * d;
      }
    }
  }
  const double mse = sum / (3.0 * a.width * a.height);
  if (mse == 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace tfviz
