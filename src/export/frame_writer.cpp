// FrameWriter (see frame_writer.hpp).
#include "export/frame_writer.hpp"

#include <algorithm>
#include <string_view>

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
  if (m_failed.load()) return;
  const Image& image = job.image;
  const int height = job.frameHeight > 0 ? job.frameHeight : image.height;
  const int rows = image.height;
  const bool whole = job.top == 0 && rows == height;
  const int count = pngStripCount(height);
  if (!whole) {
    const int end = job.top + rows;
    const bool fits = static_cast<int>(m_strips.size()) == count && image.width == m_stripWidth &&
                      image.channels == m_stripChannels &&
                      job.premultiplied == m_stripPremultiplied && job.top >= 0 && rows >= 0 &&
                      end <= height && job.top % kPngStripRows == 0 &&
                      (end % kPngStripRows == 0 || end == height);
    if (!fits) return fail("frame writer: a partial frame does not continue the frame before");
  }
  Task task;
  task.firstOwn = job.top / kPngStripRows;
  const int lastOwn = pngStripCount(job.top + rows);
  task.strips =
      whole ? std::vector<std::shared_future<PngStripPtr>>(static_cast<size_t>(count)) : m_strips;
  for (int i = task.firstOwn; i < lastOwn; ++i) {
    task.own.emplace_back();
    task.strips[static_cast<size_t>(i)] = task.own.back().get_future().share();
  }
  m_strips = task.strips;
  m_stripWidth = image.width;
  m_stripChannels = image.channels;
  m_stripPremultiplied = job.premultiplied;
  task.job = std::move(job);

  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] {
    return static_cast<int>(m_queue.size()) < m_options.capacity || m_failed.load();
  });
  if (m_failed.load()) return;
  m_queue.push_back(std::move(task));
  lock.unlock();
  m_changed.notify_all();
}

std::optional<std::string> FrameWriter::finish() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return (m_queue.empty() && m_busy == 0) || m_failed.load(); });
  if (m_failed.load()) return m_error;
  return std::nullopt;
}

void FrameWriter::fail(const std::string& error) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_failed.exchange(true)) m_error = error;
  }
  m_changed.notify_all();
}

void FrameWriter::work() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(m_mutex);
      m_changed.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
      if (m_queue.empty()) return;  // stopping
      task = std::move(m_queue.front());
      m_queue.pop_front();
      ++m_busy;
    }
    m_changed.notify_all();  // room in the queue
    // Tasks leave the queue in order and compress their own strips before waiting for older
    // ones, so a wait always ends. A task skipped or failed breaks its promises: the tasks that
    // wait on them see the break and stop too.
    if (!m_failed.load()) write(task);
    task = Task{};
    {
      std::lock_guard lock(m_mutex);
      --m_busy;
    }
    m_changed.notify_all();
  }
}

void FrameWriter::write(Task& task) {
  if (!m_options.encode) return;
  FrameJob& job = task.job;
  Image& image = job.image;
  if (job.premultiplied) unpremultiply(image);
  const int height = job.frameHeight > 0 ? job.frameHeight : image.height;
  for (size_t n = 0; n < task.own.size(); ++n) {
    const int first = (task.firstOwn + static_cast<int>(n)) * kPngStripRows;
    const int rows = std::min(kPngStripRows, height - first);
    PngStripPtr strip = compressPngStrip(image.row(first - job.top), image.width, rows,
                                         image.channels, job.dropAlpha, m_options.level);
    if (!strip) return fail("frame writer: out of memory while compressing a frame");
    task.own[n].set_value(std::move(strip));
  }
  if (job.paths.empty()) return;
  std::vector<PngStripPtr> strips;
  strips.reserve(task.strips.size());
  for (const auto& future : task.strips) {
    try {
      strips.push_back(future.get());
    } catch (const std::future_error&) {
      return;  // an earlier frame failed, and said so
    }
  }
  const int channels = job.dropAlpha && image.channels == 4 ? 3 : image.channels;
  const std::vector<uint8_t> png = assemblePng(image.width, height, channels, strips);
  if (png.empty()) return fail(job.paths.front().string() + ": cannot encode this image");
  std::string error;
  const std::string_view bytes(reinterpret_cast<const char*>(png.data()), png.size());
  if (!writeFileAtomic(job.paths.front(), bytes, &error)) return fail(error);
  ++m_encoded;
  // Identical frames: a hard link (under a temporary name, then renamed), else another copy.
  for (size_t i = 1; i < job.paths.size(); ++i) {
    const fs::path& path = job.paths[i];
    const fs::path temp = temporaryPath(path, "link-tmp");
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
