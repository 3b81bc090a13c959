// FrameWriter: PNG encoding and writing on a pool of worker threads fed by a bounded queue, so
// rendering (on the GL thread) and encoding overlap and every core stays busy. Frames are encoded
// in strips (export/png_strips): a frame that changed in a few rows only compresses the strips
// with those rows and reuses the others from the frame before. Each file is written under a
// temporary name and renamed when complete; frames identical to the one before are not encoded
// again but hard-linked. CPU only, no GL.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/image.hpp"
#include "export/png_strips.hpp"

namespace tfviz {

// One picture. `image` is the whole frame, or only the rows that changed since the previous job:
// rows [top, top + image.height) of a frame `frameHeight` rows tall, the rest being the same as in
// the previous job. A partial update must start and end on strip boundaries (kPngStripRows, or
// the frame's last row) and follow a job of the same width, height and format.
struct FrameJob {
  Image image;                               // RGB or RGBA (premultiplied when `premultiplied`)
  std::vector<std::filesystem::path> paths;  // the first is encoded; the others link to it
  bool premultiplied = false;                // RGBA from the GL target: made straight first
  bool dropAlpha = false;                    // RGBA in, RGB PNG out (opaque frames)
  int top = 0;                               // the first row `image` holds
  int frameHeight = 0;                       // 0: image.height (a whole frame)
};

struct FrameWriterOptions {
  int threads = 0;     // 0: one per core
  int capacity = 0;    // frames waiting at most; 0: twice the threads
  int level = 1;       // compression level (zlib, 1 = fastest)
  bool encode = true;  // false: drop the frames (benchmarks of rendering alone)
};

class FrameWriter {
 public:
  explicit FrameWriter(const FrameWriterOptions& options = {});
  ~FrameWriter();
  FrameWriter(const FrameWriter&) = delete;
  FrameWriter& operator=(const FrameWriter&) = delete;

  // Queues a frame; blocks while the queue is full. Ignored after a failure; a partial update that
  // does not fit the previous job fails the writer.
  void submit(FrameJob job);
  // Waits for every queued frame. Returns the first error (one line naming the file), if any.
  std::optional<std::string> finish();
  bool failed() const { return m_failed.load(); }

  long encoded() const { return m_encoded.load(); }
  long linked() const { return m_linked.load(); }

 private:
  // A job with its strips: every strip of the frame as a future, and the promises of the strips
  // this job compresses (the rows it carries); the others come from earlier jobs.
  struct Task {
    FrameJob job;
    std::vector<std::shared_future<PngStripPtr>> strips;
    int firstOwn = 0;
    std::vector<std::promise<PngStripPtr>> own;
  };
  void work();
  void write(Task& task);
  void fail(const std::string& error);

  FrameWriterOptions m_options;
  std::vector<std::thread> m_threads;
  std::deque<Task> m_queue;
  // The strips of the last job submitted, which the next one can reuse: futures, because the
  // frame before may still be compressing on another worker.
  std::vector<std::shared_future<PngStripPtr>> m_strips;
  int m_stripWidth = 0;
  int m_stripChannels = 0;
  bool m_stripPremultiplied = false;
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
