// The terminal progress bar (see terminal_progress.hpp).
#include "app/terminal_progress.hpp"

#include <unistd.h>
#include <cstdio>

namespace tfviz {

TerminalProgress::TerminalProgress(long total)
    : m_total(total), m_tty(::isatty(STDERR_FILENO) != 0) {}

void TerminalProgress::update(const std::string& what, long done) {
  if (!m_tty) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  if (done < m_total && elapsed - m_last < 0.1) return;
  m_last = elapsed;
  const double fps = elapsed > 0 ? done / elapsed : 0;
  const double left = fps > 0 ? (m_total - done) / fps : 0;
  const int width = 30;
  const int filled = m_total > 0 ? static_cast<int>(width * done / m_total) : width;
  std::fprintf(stderr, "\r%-26s [%s%s] %ld/%ld  %6.1f fps  %4.0f s left ", what.c_str(),
               std::string(static_cast<size_t>(filled), '#').c_str(),
               std::string(static_cast<size_t>(width - filled), '.').c_str(), done, m_total, fps,
               left);
}

void TerminalProgress::finish() {
  if (m_tty) std::fprintf(stderr, "\n");
}

}  // namespace tfviz
