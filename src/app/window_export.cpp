// The Export panel's export (see window_export.hpp).
#include "app/window_export.hpp"

#include "app/commands.hpp"

namespace tfviz {

void WindowExport::start(const std::vector<SectionScript>& sections, int current) {
  if (running()) return;
  const ui::ExportSize size = ui::exportSizes()[static_cast<size_t>(m_panel.sizeIndex)];
  const RenderSettings settings{.size = {size.width, size.height}, .fps = ui::exportFps(m_panel)};
  std::vector<ExportSection> queue;
  for (size_t i = 0; i < sections.size(); ++i) {
    if (!m_panel.allSections && static_cast<int>(i) != current) continue;
    const SectionScript& s = sections[i];
    queue.push_back({.script = s,
                     .from = 0,
                     .to = s.duration,
                     .frames = frameCount(0.0, s.duration, settings.fps)});
  }
  m_frames = std::make_unique<FrameRenderer>(m_atlas);
  m_dir = m_panel.directory;
  m_job = std::make_unique<ExportJob>(*m_frames, std::move(queue), settings, m_dir);
  m_start = std::chrono::steady_clock::now();
  m_panel.running = true;
  m_panel.done = 0;
  m_panel.total = m_job->total();
  m_panel.message.clear();
  if (!m_job->error().empty()) stop(m_job->error());
}

void WindowExport::advance(std::chrono::milliseconds budget) {
  if (!running()) return;
  const auto until = std::chrono::steady_clock::now() + budget;
  while (std::chrono::steady_clock::now() < until && !m_job->rendered()) {
    if (!m_job->step(1)) return stop(m_job->error());
  }
  if (m_job->rendered()) {
    const auto failure = m_job->finish();
    return stop(failure
                    ? *failure
                    : "wrote " + std::to_string(m_job->done()) + " frames to " + m_dir.string());
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  m_panel.done = m_job->done();
  m_panel.total = m_job->total();
  m_panel.fps = elapsed > 0 ? m_job->done() / elapsed : 0;
  m_panel.secondsLeft = m_panel.fps > 0 ? (m_job->total() - m_job->done()) / m_panel.fps : 0;
}

void WindowExport::cancel() {
  stop("cancelled: the frames written so far are complete (tfviz render --resume continues)");
}

void WindowExport::stop(const std::string& how) {
  if (!running()) return;
  const auto failure = m_job->cancel();  // nothing to do when it finished
  m_panel.done = m_job->done();
  m_panel.message = failure ? *failure : how;
  m_panel.running = false;
  m_job.reset();
  m_frames.reset();
}

}  // namespace tfviz
