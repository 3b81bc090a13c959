// Ctrl-C and kill for the commands without a window (still, render, bench): the first SIGINT or
// SIGTERM sets a flag that long work polls and stops at (leaving only complete files); a second
// one ends the process at once. SIGPIPE is ignored, so a closed pipe is an error to report
// (EPIPE), not a silent death.
#pragma once

namespace tfviz {

// Installs the handlers; call first thing, before any slow start-up work.
void installInterruptHandlers();
// True once SIGINT or SIGTERM arrived.
bool interrupted();
// The signal that arrived (0 when none), its name ("SIGINT", "SIGTERM"), and the conventional
// exit code for it (128 + signal; 1, a plain failure, when none arrived).
int interruptSignal();
const char* interruptSignalName();
int interruptExitCode();
// Pretends a signal arrived (tests).
void simulateInterrupt(int signal);
void clearInterrupt();

}  // namespace tfviz
