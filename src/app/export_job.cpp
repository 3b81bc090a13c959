// The export job (see export_job.hpp).
#include "app/export_job.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/commands.hpp"
#include "export/png_writer.hpp"
#include "render/gl/gl_objects.hpp"

namespace fs = std::filesystem;

namespace tfviz {

SectionExporter::SectionExporter(FrameRenderer& frames, gl::PixelReadback& readback,
                                 const SectionScript& script, double from, long frameCount,
                                 const RenderSettings& settings, FrameSink& sink)
    : m_frames(frames),
      m_readback(readback),
      m_script(script),
      m_from(from),
      m_count(frameCount),
      m_settings(settings),
      m_sink(sink) {}

void SectionExporter::request(Group& g, const DrawList& list) {
  const PixelRect whole{0, 0, list.width(), list.height()};
  const PixelRect area = m_targetValid ? changedArea(m_inTarget, list) : whole;
  m_inTarget = list;
  m_targetValid = true;
  // The rows to read back, in output rows: whole strips around the area, or the whole picture.
  const int ssaa = m_settings.ssaa;
  const int height = list.height() / ssaa;
  const int strip = m_sink.partialRows();
  int top = 0;
  int bottom = height;
  if (strip > 0 && area != whole) {
    top = area.empty() ? 0 : area.y0 / ssaa / strip * strip;
    bottom = area.empty()
                 ? 0
                 : std::min(height, ((area.y1 + ssaa - 1) / ssaa + strip - 1) / strip * strip);
  }
  g.slot = m_nextSlot;
  m_nextSlot = (m_nextSlot + 1) % gl::PixelReadback::kSlots;
  const gl::OffscreenTarget& target =
      m_frames.drawPrepared(m_settings.transparent, area == whole ? nullptr : &area);
  m_readback.request(target, g.slot, top * ssaa, bottom * ssaa);
  g.top = top;
  g.requested = true;
  ++m_drawn;
}

bool SectionExporter::finish(Group& g) {
  if (g.frames.empty() || !g.requested) return true;  // nothing to write (resume)
  Image rgba;
  m_readback.fetch(g.slot, rgba);
  if (m_settings.ssaa > 1) rgba = downsample(rgba, m_settings.ssaa);
  return m_sink.accept(std::move(rgba), g.top, m_settings.size.height, g.frames);
}

bool SectionExporter::step(long budget) {
  const int w = m_settings.size.width * m_settings.ssaa;
  const int h = m_settings.size.height * m_settings.ssaa;
  for (long n = 0; n < budget && m_next < m_count; ++n, ++m_next) {
    const long k = m_next;
    const double t = m_from + static_cast<double>(k) / m_settings.fps;
    const DrawList& list = m_frames.prepare(m_script, t, w, h);
    if (m_current.frames.empty() || !changedArea(m_previous, list).empty()) {
      Group previous = std::move(m_current);
      m_current = Group{};
      m_previous = list;
      if (m_sink.wants(k)) request(m_current, list);  // draw the new picture first ...
      if (!finish(previous)) return false;            // ... then copy out the one before it
    } else if (!m_current.requested && m_sink.wants(k)) {
      request(m_current, list);  // resuming: earlier frames of this picture exist, this one not
    }
    m_current.frames.push_back(k);
  }
  if (m_next >= m_count && !m_flushed) {
    m_flushed = true;
    return finish(m_current);
  }
  return true;
}

bool PngSink::wants(long k) const {
  return !resume || !fs::exists(path(k));
}

fs::path PngSink::path(long k) const {
  char name[32];
  std::snprintf(name, sizeof name, "frame_%06ld.png", k);
  return dir / name;
}

bool PngSink::accept(Image pixels, int top, int height, const std::vector<long>& frames) {
  FrameJob job{.premultiplied = transparent, .dropAlpha = !transparent};
  for (long k : frames) {
    if (wants(k)) job.paths.push_back(path(k));
  }
  // Submitted even when every file exists: the next picture may reuse this one's strips.
  job.image = std::move(pixels);
  job.top = top;
  job.frameHeight = height;
  writer.submit(std::move(job));
  return !writer.failed();
}

ManifestSection manifestEntry(const SectionScript& script, double from, double to, int fps) {
  ManifestSection section{.id = script.id,
                          .title = script.title,
                          .directory = script.id,
                          .from = from,
                          .to = to,
                          .frameCount = frameCount(from, to, fps)};
  for (const Beat& b : script.beats) {
    if (b.time < from - 1e-9 || b.time > to + 1e-9) continue;
    section.beats.push_back(
        {b.label, b.time, static_cast<long>(std::ceil((b.time - from) * fps - 1e-6))});
  }
  return section;
}

bool VideoSink::accept(Image pixels, int top, int /*height*/, const std::vector<long>& frames) {
  encoder.update(std::move(pixels), top);
  return encoder.emit(static_cast<long>(frames.size()));
}

ExportJob::ExportJob(FrameRenderer& frames, std::vector<ExportSection> sections,
                     const RenderSettings& settings, fs::path dir, bool resume,
                     FrameWriterOptions writer)
    : m_frames(frames),
      m_sections(std::move(sections)),
      m_settings(settings),
      m_dir(std::move(dir)),
      m_resume(resume),
      m_writer(std::make_unique<FrameWriter>(writer)) {
  for (const ExportSection& s : m_sections) m_total += s.frames;
  startSection();
}

ExportJob::ExportJob(FrameRenderer& frames, ExportSection section, const RenderSettings& settings,
                     std::unique_ptr<VideoEncoder> encoder)
    : m_frames(frames), m_settings(settings), m_encoder(std::move(encoder)) {
  m_total = section.frames;
  m_sections.push_back(std::move(section));
  startSection();
}

ExportJob::~ExportJob() {
  if (!m_ended) cancel();
}

bool ExportJob::fail(std::string error) {
  if (m_error.empty()) m_error = std::move(error);
  return false;
}

bool ExportJob::startSection() {
  m_exporter.reset();
  m_sink.reset();
  if (rendered()) return true;
  const ExportSection& s = m_sections[m_at];
  if (m_encoder) {
    m_sink = std::make_unique<VideoSink>(*m_encoder);
  } else {
    const fs::path folder = m_dir / s.script.id;
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) return fail(folder.string() + ": " + ec.message());
    m_sink = std::make_unique<PngSink>(*m_writer, folder, m_settings.transparent, m_resume);
  }
  m_exporter = std::make_unique<SectionExporter>(m_frames, m_readback, s.script, s.from, s.frames,
                                                 m_settings, *m_sink);
  return true;
}

bool ExportJob::step(long frames) {
  if (m_ended || !m_error.empty()) return false;
  while (frames > 0 && !rendered()) {
    const long before = m_exporter->framesDone();
    if (!m_exporter->step(frames)) {
      return fail(m_encoder && !m_encoder->error().empty() ? m_encoder->error()
                                                           : "rendering failed");
    }
    if (m_writer && m_writer->failed()) return fail("writing the frames failed");
    frames -= m_exporter->framesDone() - before;
    if (!m_exporter->finished()) continue;
    m_done += m_exporter->framesDone();
    m_drawn += m_exporter->drawn();
    ++m_at;
    if (!startSection()) return false;
  }
  return true;
}

std::string ExportJob::current() const {
  return rendered() ? std::string() : m_sections[m_at].script.id;
}

std::string ExportJob::encoderName() const {
  return m_encoder ? m_encoder->description() : std::string();
}

std::optional<std::string> ExportJob::finish() {
  if (!rendered() || !m_error.empty()) {
    auto failure = cancel();
    return m_error.empty() ? failure : m_error;
  }
  m_ended = true;
  if (m_encoder) {
    if (!m_encoder->finish())
      return m_encoder->error().empty() ? "--video: encoding failed" : m_encoder->error();
    return std::nullopt;
  }
  if (auto failure = m_writer->finish()) return failure;
  Manifest manifest{
      .width = m_settings.size.width, .height = m_settings.size.height, .fps = m_settings.fps};
  for (const ExportSection& s : m_sections)
    manifest.sections.push_back(manifestEntry(s.script, s.from, s.to, m_settings.fps));
  std::string error;
  if (!writeFileAtomic(m_dir / "manifest.json", manifestToJson(manifest), &error)) return error;
  return std::nullopt;
}

std::optional<std::string> ExportJob::cancel() {
  if (m_ended) return std::nullopt;
  m_ended = true;
  if (m_exporter) {
    m_done += m_exporter->framesDone();
    m_drawn += m_exporter->drawn();
  }
  m_exporter.reset();
  m_sink.reset();
  m_encoder.reset();  // removes the partial MP4
  return m_writer ? m_writer->finish() : std::nullopt;
}

}  // namespace tfviz
