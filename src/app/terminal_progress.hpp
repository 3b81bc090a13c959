// A progress bar on the terminal for `tfviz render`: one line on stderr, redrawn at most ten
// times a second, with the frames done, frames per second and the time left. Silent when stderr
// is not a terminal (a log file gets the summary line only).
#pragma once

#include <chrono>
#include <string>

namespace tfviz {

class TerminalProgress {
 public:
  explicit TerminalProgress(long total);
  // `what` (a section id) has `done` of the total frames done.
  void update(const std::string& what, long done);
  // Ends the line.
  void finish();

 private:
  long m_total;
  bool m_tty;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  double m_last = -1;
};

}  // namespace tfviz
