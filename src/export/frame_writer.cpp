// FrameWriter (see frame_writer.hpp).
#include "export/frame_writer.hpp"

#include <algorithm>
#include <string_view>

#include "export/png_fast.hpp"
#include "export/png_writer.hpp"

namespace fs = std::filesystem;

namespace tfviz {

FrameWriter::FrameWriter(const FrameWriterOptions& options) : m_options(options) {
  if (m_options.threads <= 0) {
    m_options.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  }
  if (m_options.capacity <= 0) m_options.capacity = 2 * m_options.threads;
  for (int i = 0; i < m_options.threads; ++i) m_threads.emplace_back([this] { work(); });
}

FrameWriter::~FrameWriter() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_changed.notify_all();
  for (std::thread& t : m_threads) t.join();
}

void FrameWriter::submit(FrameJob job) {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] {
    return static_cast<int>(m_queue.size()) < m_options.capacity || m_failed.load();
  });
  if (m_failed.load()) return;
  m_queue.push_back(std::move(job));
  lock.unlock();
  m_changed.notify_all();
}

std::optional<std::string> FrameWriter::finish() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return (m_queue.empty() && m_busy == 0) || m_failed.load(); });
  if (m_failed.load()) return m_error;
  return std::nullopt;
}

void FrameWriter::work() {
  for (;;) {
    FrameJob job;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
      if (m_queue.empty()) return;  // stopping
      job = std::move(m_queue.front());
      m_queue.pop_front();
      ++m_busy;
    }
    m_changed.notify_all();  // room in the queue
    if (!m_failed.load()) write(job);
    {
      std::lock_guard lock(m_mutex);
      --m_busy;
    }
    m_changed.notify_all();
  }
}

void FrameWriter::write(FrameJob& job) {
  if (!m_options.encode || job.paths.empty()) return;
  auto fail = [&](const std::string& error) {
    std::lock_guard lock(m_mutex);
    if (!m_failed.exchange(true)) m_error = error;
  };
  if (job.premultiplied) unpremultiply(job.image);
  const std::vector<uint8_t> png = encodePngFast(job.image, m_options.level, job.dropAlpha);
  if (png.empty()) return fail(job.paths.front().string() + ": cannot encode this image");
  std::string error;
  const std::string_view bytes(reinterpret_cast<const char*>(png.data()), png.size());
  if (!writeFileAtomic(job.paths.front(), bytes, &error)) return fail(error);
  ++m_encoded;
  // Identical frames: a hard link (under a temporary name, then renamed), else another copy.
  for (size_t i = 1; i < job.paths.size(); ++i) {
    const fs::path& path = job.paths[i];
    fs::path temp = path;
    temp += ".link-tmp";
    std::error_code ec;
    fs::remove(temp, ec);
    fs::create_hard_link(job.paths.front(), temp, ec);
    if (!ec) fs::rename(temp, path, ec);
    if (ec) {
      fs::remove(temp, ec);
      if (!writeFileAtomic(path, bytes, &error)) return fail(error);
    }
    ++m_linked;
  }
}

Image downsample(const Image& source, int factor) {
  if (factor <= 1) return source;
  Image out{.width = source.width / factor,
            .height = source.height / factor,
            .channels = source.channels};
  out.pixels.resize(static_cast<size_t>(out.width) * out.height * out.channels);
  const int n = factor * factor;
  for (int y = 0; y < out.height; ++y) {
    uint8_t* dst = out.row(y);
    for (int x = 0; x < out.width; ++x) {
      for (int c = 0; c < out.channels; ++c) {
        int sum = 0;
        for (int dy = 0; dy < factor; ++dy) {
          const uint8_t* src =
              source.row(y * factor + dy) + static_cast<size_t>(x * factor) * source.channels + c;
          for (int dx = 0; dx < factor; ++dx) sum += src[dx * source.channels];
        }
        dst[x * out.channels + c] = static_cast<uint8_t>((sum + n / 2) / n);
      }
    }
  }
  return out;
}

void unpremultiply(Image& image) {
  if (image.channels != 4) return;
  for (size_t i = 0; i + 3 < image.pixels.size(); i += 4) {
    const int a = image.pixels[i + 3];
    if (a == 0 || a == 255) continue;
    for (int c = 0; c < 3; ++c) {
      image.pixels[i + c] =
          static_cast<uint8_t>(std::min(255, (image.pixels[i + c] * 255 + a / 2) / a));
    }
  }
}

}  // namespace tfviz
