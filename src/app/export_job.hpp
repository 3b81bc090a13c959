// The export job: sections rendered one after another into PNG folders with a manifest, or into
// one MP4. `tfviz render` and the window's Export panel both run it, a few frames at a time, so
// either can show progress and stop between frames. The GL thread renders into the offscreen
// target and reads back through pixel buffer objects; PNG encoding runs on a pool of workers
// (export/frame_writer), H.264 in export/video_encoder.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/frame_renderer.hpp"
#include "export/frame_writer.hpp"
#include "export/manifest.hpp"
#include "export/video_encoder.hpp"

namespace tfviz {

// Where rendered pictures go: PNG files, or an MP4.
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

// An MP4 encoded in process: only the rows that changed are converted; a picture is handed to
// the codec once per frame it shows.
struct VideoSink : FrameSink {
  VideoEncoder& encoder;
  explicit VideoSink(VideoEncoder& e) : encoder(e) {}
  bool accept(Image pixels, int top, int height, const std::vector<long>& frames) override;
  int partialRows() const override { return 2; }  // 4:2:0 chroma covers two rows
};

// One section of an export: its script and the part of it rendered.
struct ExportSection {
  SectionScript script;
  double from = 0;
  double to = 0;
  long frames = 0;  // frameCount(from, to, fps)
};

// Sections exported in order, each by a SectionExporter into its sink: PNG frames in
// dir/<id>/ and dir/manifest.json once every section is done, or one MP4 of one section.
// Needs a current GL context, from construction to destruction.
class ExportJob {
 public:
  // PNG frames; `resume` keeps the frame files that exist (see PngSink). `frames` draws them
  // (the caller's, so one renderer serves several jobs) and must outlive the job.
  ExportJob(FrameRenderer& frames, std::vector<ExportSection> sections,
            const RenderSettings& settings, std::filesystem::path dir, bool resume = false,
            FrameWriterOptions writer = {});
  // One MP4 of one section, through an encoder already opened at the settings' size and fps.
  ExportJob(FrameRenderer& frames, ExportSection section, const RenderSettings& settings,
            std::unique_ptr<VideoEncoder> encoder);
  ~ExportJob();
  ExportJob(const ExportJob&) = delete;
  ExportJob& operator=(const ExportJob&) = delete;

  // Renders up to `frames` more frames, moving on to the next section when one ends; false
  // once anything failed (error() says what). Does nothing more once rendered().
  bool step(long frames);
  // Every frame of every section rendered and handed to its sink.
  bool rendered() const { return m_at >= m_sections.size(); }
  // Ends a rendered job: waits for the PNG workers and writes the manifest, or closes the MP4.
  // Returns what went wrong, if anything.
  std::optional<std::string> finish();
  // Ends the job early: every frame file written so far is complete (`tfviz render --resume`
  // continues), no manifest is written, and a partial MP4 is removed.
  std::optional<std::string> cancel();

  long done() const { return m_done + (m_exporter ? m_exporter->framesDone() : 0); }
  long total() const { return m_total; }
  long drawn() const { return m_drawn + (m_exporter ? m_exporter->drawn() : 0); }
  long encoded() const { return m_writer ? m_writer->encoded() : 0; }
  long linked() const { return m_writer ? m_writer->linked() : 0; }
  // The section being rendered ("" once all are).
  std::string current() const;
  const std::string& error() const { return m_error; }
  // The encoder's description (an MP4 job), for the summary line.
  std::string encoderName() const;

 private:
  bool startSection();
  bool fail(std::string error);

  FrameRenderer& m_frames;
  gl::PixelReadback m_readback;
  std::vector<ExportSection> m_sections;
  RenderSettings m_settings;
  std::filesystem::path m_dir;
  bool m_resume = false;
  std::unique_ptr<FrameWriter> m_writer;    // PNG jobs
  std::unique_ptr<VideoEncoder> m_encoder;  // MP4 jobs
  std::unique_ptr<FrameSink> m_sink;        // the current section's
  std::unique_ptr<SectionExporter> m_exporter;
  size_t m_at = 0;
  long m_done = 0;  // frames of the sections finished
  long m_drawn = 0;
  long m_total = 0;
  bool m_ended = false;
  std::string m_error;
};

}  // namespace tfviz
