// FrameWriter: PNG encoding and writing on a pool of worker threads fed by a bounded queue, so
// rendering (on the GL thread) and encoding overlap and every core stays busy. Each file is
// written under a temporary name and renamed when complete; frames identical to the one before
// are not encoded again but hard-linked. CPU only, no GL.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "export/image.hpp"

namespace tfviz {

struct FrameJob {
  Image image;                               // RGB or RGBA (premultiplied when `premultiplied`)
  std::vector<std::filesystem::path> paths;  // the first is encoded; the others link to it
  bool premultiplied = false;                // RGBA from the GL target: made straight first
  bool dropAlpha = false;                    // RGBA in, RGB PNG out (opaque frames)
};

struct FrameWriterOptions {
  int threads = 0;     // 0: one per core
  int capacity = 0;    // frames waiting at most; 0: twice the threads
  int level = 1;       // compression level (libdeflate, 1 = fastest)
  bool encode = true;  // false: drop the frames (benchmarks of rendering alone)
};

class FrameWriter {
 public:
  explicit FrameWriter(const FrameWriterOptions& options = {});
  ~FrameWriter();
  FrameWriter(const FrameWriter&) = delete;
  FrameWriter& operator=(const FrameWriter&) = delete;

  // Queues a frame; blocks while the queue is full. Ignored after a failure.
  void submit(FrameJob job);
  // Waits for every queued frame. Returns the first error (one line naming the file), if any.
  std::optional<std::string> finish();
  bool failed() const { return m_failed.load(); }

  long encoded() const { return m_encoded.load(); }
  long linked() const { return m_linked.load(); }

 private:
  void work();
  void write(FrameJob& job);

  FrameWriterOptions m_options;
  std::vector<std::thread> m_threads;
  std::deque<FrameJob> m_queue;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  int m_busy = 0;
  bool m_stopping = false;
  std::atomic<bool> m_failed{false};
  std::string m_error;
  std::atomic<long> m_encoded{0};
  std::atomic<long> m_linked{0};
};

// A box-filtered downsample by an integer factor (supersampling).
Image downsample(const Image& source, int factor);
// Premultiplied RGBA to straight RGBA, in place.
void unpremultiply(Image& image);

}  // namespace tfviz
