// Show (see show.hpp).
#include "app/show.hpp"

#include <algorithm>

namespace tfviz {

Show::Show(const std::vector<SectionScript>& sections, int start) : m_sections(&sections) {
  select(start, false);
}

void Show::select(int index, bool atEnd) {
  const double speed = m_presenter ? m_presenter->speed() : 1.0;
  m_index = std::clamp(index, 0, count() - 1);
  m_presenter = std::make_unique<Presenter>(section());
  m_presenter->setSpeed(speed);
  if (atEnd) {
    m_presenter->end();
  } else if (m_started) {
    m_presenter->nextBeat();  // arriving at a section plays its opening up to the first beat
  }
  m_started = true;
}

void Show::nextBeat() {
  const bool atEnd = !m_presenter->playing() && m_presenter->time() >= section().duration;
  if (atEnd && m_index + 1 < count()) {
    select(m_index + 1, false);
    return;
  }
  m_presenter->nextBeat();
}

void Show::previousBeat() {
  if (m_presenter->time() <= 0.0 && m_index > 0) {
    select(m_index - 1, true);
    return;
  }
  m_presenter->previousBeat();
}

void Show::nextSection() {
  if (m_index + 1 < count()) select(m_index + 1, false);
}

void Show::previousSection() {
  select(m_index - 1, false);
}

void Show::goTo(int index) {
  select(index, false);
}

}  // namespace tfviz

namespace tfviz {

void Show::reloadCurrent(const std::string& beatLabel, int beatIndex, double time) {
  const double speed = m_presenter->speed();
  const bool loop = m_presenter->looping();
  m_presenter = std::make_unique<Presenter>(section());
  m_presenter->setSpeed(speed);
  m_presenter->setLoop(loop);
  const auto& beats = section().beats;
  for (const Beat& b : beats) {
    if (!beatLabel.empty() && b.label == beatLabel) {
      m_presenter->seek(b.time);
      return;
    }
  }
  m_presenter->seek(beatIndex >= 0 && beatIndex < static_cast<int>(beats.size())
                        ? beats[static_cast<size_t>(beatIndex)].time
                        : time);
}

}  // namespace tfviz
