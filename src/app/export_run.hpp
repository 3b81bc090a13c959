// Frame export for video: `tfviz render` (one section or all, PNG sequences or an MP4 through
// ffmpeg) and `tfviz bench`. The GL thread renders into the offscreen target and reads back
// through pixel buffer objects; PNG encoding runs on a pool of workers (export/frame_writer).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/frame_renderer.hpp"
#include "app/matmul_settings.hpp"
#include "export/frame_writer.hpp"
#include "export/manifest.hpp"

namespace tfviz {

// Where rendered pictures go: PNG files, or ffmpeg.
struct FrameSink {
  virtual ~FrameSink() = default;
  // pixels: RGBA, premultiplied, rows [top, top + pixels.height) of a picture `height` rows tall;
  // the other rows are those of the picture accepted before. frames: the indices (in the
  // section) that show this picture.
  virtual bool accept(Image pixels, int top, int height, const std::vector<long>& frames) = 0;
  // False for a frame that needs no pixels (already written, when resuming).
  virtual bool wants(long /*frame*/) const { return true; }
  // Partial pictures start and end on multiples of this many rows (or the last row); 0: the sink
  // takes whole pictures only.
  virtual int partialRows() const { return 0; }
};

// DIR/<id>/frame_000000.png ..., encoded on a FrameWriter's worker pool.
struct PngSink : FrameSink {
  FrameWriter& writer;
  std::filesystem::path dir;
  bool transparent = false;
  bool resume = false;
  PngSink(FrameWriter& w, std::filesystem::path d, bool t, bool r)
      : writer(w), dir(std::move(d)), transparent(t), resume(r) {}
  std::filesystem::path path(long frame) const;
  bool wants(long frame) const override;
  bool accept(Image pixels, int top, int height, const std::vector<long>& frames) override;
  int partialRows() const override { return kPngStripRows; }
};

struct RenderSettings {
  FrameSize size;
  int fps = 60;
  int ssaa = 1;
  bool transparent = false;
};

// Exports one section a few frames at a time (so the window can show progress and cancel). A
// frame whose draw list draws the same picture as the previous one's joins that picture's group
// and is not drawn again. Otherwise only the area that changed (changedArea) is drawn again, and
// only the rows it covers are read back and handed to the sink, which keeps the rest from the
// picture before. Readback is a picture late (two PBO slots), so the CPU copies one while the GPU
// draws the next. Needs a current GL context.
class SectionExporter {
 public:
  SectionExporter(FrameRenderer& frames, gl::PixelReadback& readback, const SectionScript& script,
                  double from, long frameCount, const RenderSettings& settings, FrameSink& sink);
  // Handles up to `budget` more frames; false on a failure.
  bool step(long budget);
  bool finished() const { return m_flushed; }
  long framesDone() const { return m_next; }
  long frameCount() const { return m_count; }
  long drawn() const { return m_drawn; }

 private:
  struct Group {
    std::vector<long> frames;
    bool requested = false;
    int slot = 0;
    int top = 0;  // the first row read back (output rows)
  };
  void request(Group& g, const DrawList& list);
  bool finish(Group& g);

  FrameRenderer& m_frames;
  gl::PixelReadback& m_readback;
  const SectionScript& m_script;
  double m_from;
  long m_count;
  RenderSettings m_settings;
  FrameSink& m_sink;
  long m_next = 0;
  long m_drawn = 0;
  bool m_flushed = false;
  int m_nextSlot = 0;
  Group m_current;
  DrawList m_previous;  // the last frame's list
  DrawList m_inTarget;  // the list whose picture the target holds
  bool m_targetValid = false;
};

// A section's entry in manifest.json: its frames and the frame index of every beat.
ManifestSection manifestEntry(const SectionScript& script, double from, double to, int fps);

// Returns the process exit code (0 ok, 1 runtime failure, 2 bad input).
int runRenderCommand(const RenderCommand& command);
int runBenchCommand(const BenchCommand& command);
// `tfviz encode DIR/ID [OUT.mp4]`: PNG frames already rendered, as an MP4 (see VideoEncoder).
int runEncodeCommand(const EncodeCommand& command);

}  // namespace tfviz
