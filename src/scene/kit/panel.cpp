#include "scene/kit/panel.hpp"

#include <algorithm>

#include "render/text_layout.hpp"
#include "scene/layout.hpp"

namespace tfviz::kit {

std::vector<std::string> wrapLines(const FontAtlas& atlas, const std::string& text, float size,
                                   float width) {
  std::vector<std::string> lines;
  std::string line, word;
  for (size_t i = 0; i <= text.size(); ++i) {
    // A shape such as "[n × d_model]" and a $...$ maths span are one word: they never break
    // across lines.
    const size_t open = word.rfind('[');
    const bool inShape = open != std::string::npos && word.find(']', open) == std::string::npos;
    const bool inMaths = std::count(word.begin(), word.end(), '$') % 2 == 1;
    const bool end = i == text.size() || text[i] == '\n';
    if (!end && (text[i] != ' ' || inShape || inMaths)) {
      word += text[i];
      continue;
    }
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && measureText(atlas, FontFace::Sans, candidate, size) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    word.clear();
    if (end && !line.empty()) lines.push_back(std::exchange(line, {}));
  }
  return lines;
}

std::vector<ItemId> paragraphs(SectionKit& k, const std::vector<Para>& paras, glm::vec2 at,
                               float width, const ParaStyle& style) {
  std::vector<ItemId> items;
  for (const auto& [text, color] : paras) {
    for (const std::string& l : wrapLines(k.b().atlas(), text, style.size, width)) {
      items.push_back(k.text(l, style.size, at, color, FontFace::Sans, style.align));
      at.y += style.line;
    }
    at.y += style.paragraph;
  }
  return items;
}

void Panel::write(const std::vector<Para>& paras, float y, double seconds) {
  m_kit.fadeOutAll(m_lines, 0.5);
  if (!m_lines.empty()) m_kit.b().wait(0.5);
  m_lines = paragraphs(m_kit, paras, {m_x, y}, m_width);
  m_kit.show(m_lines, seconds, 0.15);
}

Group join(const std::vector<Group>& groups) {
  Group out;
  for (const Group& g : groups) out.insert(out.end(), g.begin(), g.end());
  return out;
}

Anim fadeInGroup(const Group& items) {
  std::vector<Anim> in;
  for (ItemId id : items) in.push_back(fadeIn(id));
  return group(std::move(in));
}

float layOutGroups(SectionKit& k, const std::vector<Group>& groups, float y, float gap,
                   double seconds, float maxWidth, float maxHeight) {
  SectionBuilder& b = k.b();
  std::vector<Rect> bounds;
  std::vector<glm::vec2> sizes;  // at scale 1
  for (const Group& g : groups) {
    Rect r = b.bounds(g.front());
    for (ItemId id : g) r = r.united(b.bounds(id));
    bounds.push_back(r);
    sizes.push_back(r.size() / b.state(g.front()).scale);
  }
  const float scale = fitRow(sizes, gap, maxWidth, maxHeight);
  std::vector<float> widths;
  for (const glm::vec2& s : sizes) widths.push_back(s.x * scale);
  const std::vector<float> xs = rowCenters(widths, gap * scale, 960);
  std::vector<Anim> jumps, glides;
  for (size_t i = 0; i < groups.size(); ++i) {
    const float was = b.state(groups[i].front()).scale;
    for (ItemId id : groups[i]) {
      const ItemState& st = b.state(id);
      const glm::vec2 pos = glm::vec2(xs[i], y) + (st.pos - bounds[i].center()) * (scale / was);
      (st.opacity > 0 ? glides : jumps)
          .push_back(group({moveTo(id, pos), scaleTo(id, st.scale * scale / was)}));
    }
  }
  if (!jumps.empty()) b.play(group(std::move(jumps)), 0.0);
  if (!glides.empty()) b.play(group(std::move(glides)), seconds);
  return scale;
}

}  // namespace tfviz::kit
