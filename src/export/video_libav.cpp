// The libav side of video export, built as the module libtfviz_video.so and loaded by
// VideoEncoder::open on first use (see video_encoder.hpp).
#include "export/video_encoder.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
}

namespace fs = std::filesystem;

namespace tfviz {
namespace {

std::string avError(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

// BT.709, limited range, in 16-bit fixed point.
inline uint8_t lumaOf(int r, int g, int b) {
  return static_cast<uint8_t>(((11966 * r + 40254 * g + 4064 * b + 32768) >> 16) + 16);
}
// r, g, b: sums of four pixels (a 2x2 block).
inline uint8_t cbOf(int r, int g, int b) {
  return static_cast<uint8_t>(((-6596 * r - 22189 * g + 28785 * b + 131072) >> 18) + 128);
}
inline uint8_t crOf(int r, int g, int b) {
  return static_cast<uint8_t>(((28785 * r - 26145 * g - 2640 * b + 131072) >> 18) + 128);
}

struct Libav {
  AVFormatContext* format = nullptr;
  AVCodecContext* codec = nullptr;
  AVStream* stream = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  bool headerWritten = false;
  bool ioOpen = false;
  int64_t pts = 0;

  ~Libav() {
    if (packet) av_packet_free(&packet);
    if (frame) av_frame_free(&frame);
    if (codec) avcodec_free_context(&codec);
    if (format) {
      if (ioOpen) avio_closep(&format->pb);
      avformat_free_context(format);
    }
  }

  // Moves every packet the codec has ready into the file.
  int drain() {
    for (;;) {
      int rc = avcodec_receive_packet(codec, packet);
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return 0;
      if (rc < 0) return rc;
      av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      rc = av_interleaved_write_frame(format, packet);
      if (rc < 0) return rc;
    }
  }
};

// Opens `name` with the options tfviz uses for it; null when libavcodec lacks it or it fails
// to start (NVENC without a GPU).
AVCodecContext* openCodec(const char* name, const VideoOptions& o, bool globalHeader,
                          std::string& description) {
  const AVCodec* codec = avcodec_find_encoder_by_name(name);
  if (codec == nullptr) return nullptr;
  AVCodecContext* c = avcodec_alloc_context3(codec);
  c->width = o.width;
  c->height = o.height;
  c->time_base = AVRational{1, o.fps};
  c->framerate = AVRational{o.fps, 1};
  c->pix_fmt = AV_PIX_FMT_YUV420P;
  c->gop_size = o.fps * 4;
  c->color_range = AVCOL_RANGE_MPEG;
  c->colorspace = AVCOL_SPC_BT709;
  c->color_primaries = AVCOL_PRI_BT709;
  c->color_trc = AVCOL_TRC_BT709;
  if (globalHeader) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary* opts = nullptr;
  if (std::strcmp(name, "libx264") == 0) {
    av_dict_set(&opts, "preset", kX264Preset, 0);
    if (*kX264Tune) av_dict_set(&opts, "tune", kX264Tune, 0);
    av_dict_set_int(&opts, "crf", kX264Crf, 0);
    description = std::string("libx264 (preset ") + kX264Preset +
                  (*kX264Tune ? std::string(", tune ") + kX264Tune : std::string()) + ", crf " +
                  std::to_string(kX264Crf) + ", yuv420p BT.709)";
  } else {
    // NVENC: constant quality, the quality-leaning preset; B-frames off keeps it simple.
    av_dict_set(&opts, "preset", "p4", 0);
    av_dict_set(&opts, "rc", "vbr", 0);
    av_dict_set_int(&opts, "cq", 19, 0);
    c->bit_rate = 0;
    description = std::string(name) + " (preset p4, vbr cq 19, yuv420p BT.709)";
  }
  const int rc = avcodec_open2(c, codec, &opts);
  av_dict_free(&opts);
  if (rc < 0) {
    avcodec_free_context(&c);
    return nullptr;
  }
  return c;
}

class LibavEncoder final : public VideoEncoder {
 public:
  static std::unique_ptr<LibavEncoder> open(const fs::path& path, const fs::path& temp,
                                            const VideoOptions& options, std::string* error);
  ~LibavEncoder() override;
  void update(Image rows, int top) override;
  bool emit(long count) override;
  bool finish() override;
  const std::string& error() const override { return m_error; }
  const std::string& description() const override { return m_description; }
  long framesWritten() const override { return m_frames; }

 private:
  // One step for the encoding thread: rows of the picture changed (count == 0), or the picture
  // shown for `count` frames.
  struct Job {
    Image rows;
    int top = 0;
    long count = 0;
  };
  static constexpr size_t kQueueDepth = 4;  // pictures in flight: bounded memory

  void startThread();
  void stopThread();
  bool push(Job job);
  void work();
  void convert(const Image& rows, int top);
  bool send(long count);

  Libav m_av;
  std::thread m_thread;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<Job> m_queue;
  std::atomic<bool> m_stop{false};  // abandon: also read by send() between frames
  bool m_draining = false;  // finish(): encode what is queued, then stop
  bool m_failed = false;    // set by the encoding thread; m_error then says why
  fs::path m_path;
  fs::path m_temp;
  std::string m_error;
  std::string m_description;
  std::atomic<long> m_frames{0};
  bool m_done = false;
};

std::unique_ptr<LibavEncoder> LibavEncoder::open(const fs::path& path, const fs::path& temp,
                                                 const VideoOptions& o, std::string* error) {
  auto fail = [&](const std::string& message) -> std::unique_ptr<LibavEncoder> {
    if (error) *error = message;
    return nullptr;
  };
  if (o.width <= 0 || o.height <= 0 || o.width % 2 || o.height % 2)
    return fail("--video: the size must be even in both directions for H.264 4:2:0 (got " +
                std::to_string(o.width) + "x" + std::to_string(o.height) + ")");
  if (o.encoder != "auto" && o.encoder != "nvenc" && o.encoder != "x264")
    return fail("--video-encoder: '" + o.encoder + "' is not one of auto, nvenc, x264");
  av_log_set_level(AV_LOG_QUIET);  // our own one-line errors instead of libav's chatter

  auto v = std::make_unique<LibavEncoder>();
  v->m_path = path;
  v->m_temp = temp;
  Libav& m = v->m_av;
  if (avformat_alloc_output_context2(&m.format, nullptr, "mp4", nullptr) < 0 || !m.format)
    return fail("--video: libavformat has no MP4 muxer");
  const bool globalHeader = (m.format->oformat->flags & AVFMT_GLOBALHEADER) != 0;
  if (o.encoder != "x264") {
    // NVENC fails to open quickly (and quietly) where no NVIDIA GPU and driver answer.
    m.codec = openCodec("h264_nvenc", o, globalHeader, v->m_description);
    if (!m.codec && o.encoder == "nvenc")
      return fail("--video-encoder nvenc: NVENC is not available (no NVIDIA GPU or driver)");
  }
  if (!m.codec) m.codec = openCodec("libx264", o, globalHeader, v->m_description);
  if (!m.codec) return fail("--video: libavcodec cannot open an H.264 encoder (libx264)");

  m.stream = avformat_new_stream(m.format, nullptr);
  if (!m.stream || avcodec_parameters_from_context(m.stream->codecpar, m.codec) < 0)
    return fail("--video: cannot set up the MP4 stream");
  m.stream->time_base = m.codec->time_base;
  m.stream->avg_frame_rate = AVRational{o.fps, 1};

  // "file:" keeps libavformat from reading a protocol into names such as "a:b.mp4".
  const std::string url = "file:" + v->m_temp.string();
  int rc = avio_open(&m.format->pb, url.c_str(), AVIO_FLAG_WRITE);
  if (rc < 0) return fail("--video: cannot write '" + path.string() + "': " + avError(rc));
  m.ioOpen = true;
  m.format->url = av_strdup(url.c_str());
  AVDictionary* muxOptions = nullptr;
  av_dict_set(&muxOptions, "movflags", "+faststart", 0);
  rc = avformat_write_header(m.format, &muxOptions);
  av_dict_free(&muxOptions);
  if (rc < 0) {
    v->finish();
    return fail("--video: cannot write '" + path.string() + "': " + avError(rc));
  }
  m.headerWritten = true;

  m.frame = av_frame_alloc();
  m.packet = av_packet_alloc();
  m.frame->format = AV_PIX_FMT_YUV420P;
  m.frame->width = o.width;
  m.frame->height = o.height;
  m.frame->color_range = AVCOL_RANGE_MPEG;
  m.frame->colorspace = AVCOL_SPC_BT709;
  if (av_frame_get_buffer(m.frame, 0) < 0) return fail("--video: out of memory for a frame");
  // Black until the first picture arrives.
  std::memset(m.frame->data[0], 16, static_cast<size_t>(m.frame->linesize[0]) * o.height);
  std::memset(m.frame->data[1], 128, static_cast<size_t>(m.frame->linesize[1]) * o.height / 2);
  std::memset(m.frame->data[2], 128, static_cast<size_t>(m.frame->linesize[2]) * o.height / 2);
  v->startThread();
  return v;
}

LibavEncoder::~LibavEncoder() {
  stopThread();
  if (!m_done) {
    if (m_av.ioOpen) avio_closep(&m_av.format->pb);
    m_av.ioOpen = false;
    std::error_code ec;
    fs::remove(m_temp, ec);
  }
}

// Rows [top, bottom) of `rows` (which starts at `top`) into the frame's planes. CH is a constant
// so the compiler can vectorise the loops.
template <int CH>
void convertRows(const Image& rows, int top, int bottom, int width, AVFrame* f) {
  for (int y = top; y < bottom; ++y) {
    const uint8_t* src = rows.row(y - top);
    uint8_t* luma = f->data[0] + static_cast<ptrdiff_t>(y) * f->linesize[0];
    for (int x = 0; x < width; ++x) {
      luma[x] = lumaOf(src[CH * x], src[CH * x + 1], src[CH * x + 2]);
    }
  }
  for (int y = top / 2; y < (bottom + 1) / 2; ++y) {
    const uint8_t* a = rows.row(2 * y - top);
    const uint8_t* b = 2 * y + 1 < bottom ? rows.row(2 * y + 1 - top) : a;
    uint8_t* cb = f->data[1] + static_cast<ptrdiff_t>(y) * f->linesize[1];
    uint8_t* cr = f->data[2] + static_cast<ptrdiff_t>(y) * f->linesize[2];
    for (int x = 0; x < width / 2; ++x) {
      const int i = 2 * CH * x;
      const int r = a[i] + a[i + CH] + b[i] + b[i + CH];
      const int g = a[i + 1] + a[i + CH + 1] + b[i + 1] + b[i + CH + 1];
      const int bl = a[i + 2] + a[i + CH + 2] + b[i + 2] + b[i + CH + 2];
      cb[x] = cbOf(r, g, bl);
      cr[x] = crOf(r, g, bl);
    }
  }
}

void LibavEncoder::startThread() {
  m_thread = std::thread([this] { work(); });
}

// Abandons the pictures still queued (an encoder destroyed unfinished is being thrown away).
void LibavEncoder::stopThread() {
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_stop = true;
  }
  m_changed.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

// Queues `job`, waiting while kQueueDepth are ahead of it; false once the encoding thread failed.
bool LibavEncoder::push(Job job) {
  std::unique_lock<std::mutex> lock(m_mutex);
  m_changed.wait(lock, [&] { return m_queue.size() < kQueueDepth || m_failed; });
  if (m_failed) return false;
  m_queue.push_back(std::move(job));
  lock.unlock();
  m_changed.notify_all();
  return true;
}

// The encoding thread: converts and encodes while the caller renders the next picture.
void LibavEncoder::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(m_mutex);
      m_changed.wait(lock, [&] { return !m_queue.empty() || m_stop || m_draining; });
      if (m_stop || m_queue.empty()) return;  // abandoned, or drained for finish()
      job = std::move(m_queue.front());
      m_queue.pop_front();
    }
    m_changed.notify_all();
    if (job.count == 0) {
      convert(job.rows, job.top);
    } else if (!send(job.count)) {
      std::lock_guard<std::mutex> lock(m_mutex);
      m_failed = true;
      m_queue.clear();
      m_changed.notify_all();
      return;
    }
  }
}

void LibavEncoder::update(Image rows, int top) {
  push(Job{std::move(rows), top, 0});
}

bool LibavEncoder::emit(long count) {
  return count <= 0 || push(Job{{}, 0, count});
}

void LibavEncoder::convert(const Image& rows, int top) {
  AVFrame* f = m_av.frame;
  // The codec may still hold a reference to the frame it was last given: then this copies it to
  // a fresh buffer first, so the rows not updated here stay as they were.
  if (av_frame_make_writable(f) < 0) return;
  const int width = std::min(rows.width, f->width);
  const int bottom = std::min(f->height, top + rows.height);
  if (rows.channels == 4) {
    convertRows<4>(rows, top, bottom, width, f);
  } else if (rows.channels == 3) {
    convertRows<3>(rows, top, bottom, width, f);
  }
}

bool LibavEncoder::send(long count) {
  Libav& m = m_av;
  for (long i = 0; i < count && !m_stop; ++i) {
    m.frame->pts = m.pts++;
    int rc = avcodec_send_frame(m.codec, m.frame);
    if (rc >= 0) rc = m.drain();
    if (rc < 0) {
      m_error = "--video: cannot write '" + m_path.string() + "': " + avError(rc);
      return false;
    }
    ++m_frames;
  }
  return true;
}

bool LibavEncoder::finish() {
  if (m_done) return m_error.empty();
  m_done = true;
  {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_draining = true;
  }
  m_changed.notify_all();
  if (m_thread.joinable()) m_thread.join();  // every queued picture encoded, or m_error set
  Libav& m = m_av;
  int rc = 0;
  if (m.headerWritten && m_error.empty()) {
    rc = avcodec_send_frame(m.codec, nullptr);
    if (rc >= 0) rc = m.drain();
    if (rc >= 0) rc = av_write_trailer(m.format);
    if (rc >= 0 && m.format->pb) {
      avio_flush(m.format->pb);
      if (m.format->pb->error < 0) rc = m.format->pb->error;
    }
    if (rc < 0) m_error = "--video: cannot write '" + m_path.string() + "': " + avError(rc);
  }
  if (m.ioOpen) {
    if (avio_closep(&m.format->pb) < 0 && m_error.empty())
      m_error = "--video: cannot write '" + m_path.string() + "' (closing it failed)";
    m.ioOpen = false;
  }
  std::error_code ec;
  if (m_error.empty() && m.headerWritten) {
    fs::rename(m_temp, m_path, ec);
    if (ec) m_error = "--video: cannot rename into '" + m_path.string() + "': " + ec.message();
  } else if (m_error.empty()) {
    m_error = "--video: nothing was written";
  }
  if (!m_error.empty()) fs::remove(m_temp, ec);
  return m_error.empty();
}

long decodeVideoFrames(const fs::path& path,
                       const std::function<bool(long index, const Image& rgb)>& frame,
                       std::string* error) {
  auto fail = [&](const std::string& message) {
    if (error) *error = "'" + path.string() + "': " + message;
    return -1L;
  };
  av_log_set_level(AV_LOG_QUIET);
  AVFormatContext* format = nullptr;
  const std::string url = "file:" + path.string();
  if (avformat_open_input(&format, url.c_str(), nullptr, nullptr) < 0)
    return fail("cannot open it as a video");
  struct Closer {
    AVFormatContext*& f;
    AVCodecContext* c = nullptr;
    AVFrame* fr = av_frame_alloc();
    AVPacket* p = av_packet_alloc();
    ~Closer() {
      av_packet_free(&p);
      av_frame_free(&fr);
      avcodec_free_context(&c);
      avformat_close_input(&f);
    }
  } r{format};
  if (avformat_find_stream_info(format, nullptr) < 0) return fail("no stream information");
  const int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return fail("no video stream");
  const AVCodec* codec = avcodec_find_decoder(format->streams[index]->codecpar->codec_id);
  if (!codec) return fail("no decoder for its video");
  r.c = avcodec_alloc_context3(codec);
  avcodec_parameters_to_context(r.c, format->streams[index]->codecpar);
  if (avcodec_open2(r.c, codec, nullptr) < 0) return fail("cannot open its decoder");
  long count = 0;
  bool more = true;
  Image rgb;
  auto receive = [&]() -> bool {
    while (more && avcodec_receive_frame(r.c, r.fr) >= 0) {
      if (r.fr->format != AV_PIX_FMT_YUV420P) return false;
      rgb.width = r.fr->width;
      rgb.height = r.fr->height;
      rgb.channels = 3;
      rgb.pixels.resize(static_cast<size_t>(rgb.width) * rgb.height * 3);
      for (int y = 0; y < rgb.height; ++y) {
        const uint8_t* py = r.fr->data[0] + static_cast<ptrdiff_t>(y) * r.fr->linesize[0];
        const uint8_t* pu = r.fr->data[1] + static_cast<ptrdiff_t>(y / 2) * r.fr->linesize[1];
        const uint8_t* pv = r.fr->data[2] + static_cast<ptrdiff_t>(y / 2) * r.fr->linesize[2];
        uint8_t* out = rgb.row(y);
        for (int x = 0; x < rgb.width; ++x, out += 3) {
          const double l = (py[x] - 16) * (255.0 / 219.0);
          const double u = (pu[x / 2] - 128) * (255.0 / 224.0);
          const double v = (pv[x / 2] - 128) * (255.0 / 224.0);
          auto clamp = [](double c) {
            return static_cast<uint8_t>(std::lround(std::clamp(c, 0.0, 255.0)));
          };
          out[0] = clamp(l + 1.5748 * v);
          out[1] = clamp(l - 0.187324 * u - 0.468124 * v);
          out[2] = clamp(l + 1.8556 * u);
        }
      }
      more = frame(count++, rgb);
    }
    return true;
  };
  while (more && av_read_frame(format, r.p) >= 0) {
    if (r.p->stream_index == index) avcodec_send_packet(r.c, r.p);
    av_packet_unref(r.p);
    if (!receive()) return fail("not 4:2:0 video");
  }
  avcodec_send_packet(r.c, nullptr);
  if (!receive()) return fail("not 4:2:0 video");
  return count;
}

}  // namespace
}  // namespace tfviz

// The module's entry points, looked up by name with dlsym.
extern "C" tfviz::VideoEncoder* tfvizVideoOpen(const std::filesystem::path* path,
                                               const std::filesystem::path* temp,
                                               const tfviz::VideoOptions* options,
                                               std::string* error) {
  return tfviz::LibavEncoder::open(*path, *temp, *options, error).release();
}

extern "C" long tfvizVideoDecode(const std::filesystem::path* path,
                                 const std::function<bool(long, const tfviz::Image&)>* frame,
                                 std::string* error) {
  return tfviz::decodeVideoFrames(*path, *frame, error);
}
