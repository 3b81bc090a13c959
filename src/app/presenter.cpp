// The presenter (see presenter.hpp).
#include "app/presenter.hpp"

#include <algorithm>
#include <cmath>

namespace tfviz {

void Presenter::update(double dt) {
  if (!m_playing) return;
  m_time += dt * m_speed * m_direction;
  const bool reached = m_stopAt >= 0 && (m_direction > 0 ? m_time >= m_stopAt : m_time <= m_stopAt);
  if (reached) {
    m_time = m_stopAt;
    m_playing = false;
    m_stopAt = -1;
    m_direction = 1;
    return;
  }
  if (m_time >= m_script->duration) {
    if (m_loop && m_stopAt < 0 && m_script->duration > 0) {
      m_time = std::fmod(m_time, m_script->duration);
      return;
    }
    m_time = m_script->duration;
    m_playing = false;
    m_stopAt = -1;
  }
  if (m_time <= 0.0 && m_direction < 0) {
    m_time = 0.0;
    m_playing = false;
    m_stopAt = -1;
    m_direction = 1;
  }
}

double Presenter::previousBeatTime() const {
  double target = 0;
  for (const Beat& b : m_script->beats) {
    if (b.time < m_time - kTimeEpsilon) target = b.time;
  }
  return target;
}

void Presenter::playBackToPreviousBeat() {
  m_stopAt = previousBeatTime();
  m_direction = -1;
  m_playing = m_time > m_stopAt;
  if (!m_playing) m_direction = 1;
}

void Presenter::replayStep() {
  m_time = previousBeatTime();
  m_playing = false;
  m_stopAt = -1;
  m_direction = 1;
  nextBeat();
}

void Presenter::nextBeat() {
  if (m_playing && m_stopAt >= 0 && m_direction < 0) {  // reversing: stop where we are
    m_playing = false;
    m_stopAt = -1;
    m_direction = 1;
  }
  if (m_playing && m_stopAt >= 0) {
    m_time = m_stopAt;  // finish the step that is playing
    m_playing = false;
    m_stopAt = -1;
    return;
  }
  const int next = beatIndexAfter(*m_script, m_time);
  if (next < 0) {
    m_time = m_script->duration;
    m_playing = false;
    return;
  }
  m_stopAt = m_script->beats[static_cast<size_t>(next)].time;
  m_playing = true;
}

void Presenter::previousBeat() {
  m_playing = false;
  m_stopAt = -1;
  m_direction = 1;
  m_time = previousBeatTime();
}

void Presenter::togglePlay() {
  m_stopAt = -1;
  m_direction = 1;
  if (m_playing) {
    m_playing = false;
    return;
  }
  if (m_time >= m_script->duration) m_time = 0;
  m_playing = true;
}

void Presenter::home() {
  m_direction = 1;
  m_time = 0;
  m_playing = false;
  m_stopAt = -1;
}

void Presenter::end() {
  m_direction = 1;
  m_time = m_script->duration;
  m_playing = false;
  m_stopAt = -1;
}

void Presenter::setSpeed(double speed) {
  m_speed = std::clamp(speed, 0.25, 4.0);
}

void Presenter::seek(double t) {
  m_time = std::clamp(t, 0.0, m_script->duration);
}

}  // namespace tfviz
