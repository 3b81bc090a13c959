// Show: the sections of a presentation in order, the current one, and its presenter. Stepping
// past the last beat of a section moves on to the next section (whose opening then plays up to
// its first beat); stepping back from the start returns to the end of the previous one, so the
// arrow keys alone walk through the whole tutorial. Pure logic, no GL.
#pragma once

#include <memory>
#include <vector>

#include "app/presenter.hpp"
#include "scene/script.hpp"

namespace tfviz {

class Show {
 public:
  // `sections` must not be empty; they are owned by the caller and outlive the show.
  Show(const std::vector<SectionScript>& sections, int start);

  const SectionScript& section() const { return (*m_sections)[static_cast<size_t>(m_index)]; }
  int index() const { return m_index; }
  int count() const { return static_cast<int>(m_sections->size()); }
  Presenter& presenter() { return *m_presenter; }
  const Presenter& presenter() const { return *m_presenter; }

  void nextBeat();         // at the end of a section: the start of the next one
  void previousBeat();     // at the start of a section: the end of the previous one
  void nextSection();      // ]: the start of the next section
  void previousSection();  // [: the start of the previous section (the first: its start)
  void goTo(int index);    // the start of a section (clamped)
  // The current section's script was rebuilt (new inputs): keep the place, paused: the beat with
  // the same label, else the beat with the same index, else the same time.
  void reloadCurrent(const std::string& beatLabel, int beatIndex, double time);

 private:
  void select(int index, bool atEnd);

  const std::vector<SectionScript>* m_sections;
  int m_index = 0;
  std::unique_ptr<Presenter> m_presenter;
  bool m_started = false;  // the first section waits for the presenter's first key
};

}  // namespace tfviz
