// The presenter: owner of the playhead. It advances time by the clock while playing and stops
// at beats; everything else asks evaluate(script, presenter.time()). Pure logic, no GL.
#pragma once

#include "scene/script.hpp"

namespace tfviz {

class Presenter {
 public:
  explicit Presenter(const SectionScript& script) : m_script(&script) {}

  double time() const { return m_time; }
  bool playing() const { return m_playing; }
  double speed() const { return m_speed; }
  bool looping() const { return m_loop; }
  bool reversing() const { return m_playing && m_direction < 0; }
  // 1-based index of the last beat reached (0 before the first beat).
  int beatNumber() const { return beatIndexAtOrBefore(*m_script, m_time) + 1; }

  // Advances the playhead by dt seconds of wall time (times the speed) while playing.
  void update(double dt);
  // Right / Space / PageDown: play to the next beat and stop there. While a step is still
  // playing, finish it at once instead (so a presenter never skips a step unseen).
  void nextBeat();
  // Left / PageUp: jump straight to the previous beat's state, paused.
  void previousBeat();
  // P: play straight through (ignoring beats) or pause. At the end, restarts from 0.
  void togglePlay();
  void home();
  void end();
  void setSpeed(double speed);
  // Scrubbing: jump to t (clamped), paused.
  void seek(double t);
  // Shift+Left: play backwards to the previous beat and stop there.
  void playBackToPreviousBeat();
  // R: replay the current step: from the beat before it, play up to its beat again.
  void replayStep();
  // Free play (P) wraps from the end to the start instead of stopping.
  void setLoop(bool loop) { m_loop = loop; }

 private:
  double previousBeatTime() const;  // the last beat strictly before now, or 0

  const SectionScript* m_script;
  double m_time = 0;
  bool m_playing = false;
  double m_stopAt = -1;  // the beat time the current step stops at; < 0 when playing freely
  double m_speed = 1;
  int m_direction = 1;  // -1 while playing backwards
  bool m_loop = false;
};

}  // namespace tfviz
