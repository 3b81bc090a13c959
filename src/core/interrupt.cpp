// Interrupt flag for headless commands (see interrupt.hpp).
#include "core/interrupt.hpp"

#include <signal.h>
#include <csignal>

namespace tfviz {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void onSignal(int signal) {
  if (g_signal != 0) {
    // Asked twice: stop now (the default action of that signal).
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    return;
  }
  g_signal = signal;
}

}  // namespace

void installInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = onSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

bool interrupted() {
  return g_signal != 0;
}

int interruptSignal() {
  return g_signal;
}

const char* interruptSignalName() {
  return g_signal == SIGINT ? "SIGINT" : g_signal == SIGTERM ? "SIGTERM" : "a signal";
}

int interruptExitCode() {
  return g_signal != 0 ? 128 + g_signal : 1;
}

void simulateInterrupt(int signal) {
  g_signal = signal;
}

void clearInterrupt() {
  g_signal = 0;
}

}  // namespace tfviz
